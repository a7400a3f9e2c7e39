package io.github.bilibiliapi.client;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS material a client uses for HTTPS and WSS: whom it trusts and which certificate it presents. Every backend
 * applies it to the clients it builds (a user's session used as it is keeps its own TLS until a setting changes).
 *
 * <p>With {@link ClientSettings#verifySsl()} off the trust managers are ignored (nothing is verified); key managers
 * still apply.
 *
 * @param keyManagers   the client's own certificate and key, or {@code null} for none (the JVM default)
 * @param trustManagers the certificates trusted, or {@code null} for the JVM's default trust store
 */
public record ClientTls(KeyManagerFactory keyManagers, TrustManagerFactory trustManagers) {

    /** The JVM defaults: the default trust store, no client certificate. */
    public static final ClientTls JVM_DEFAULT = new ClientTls(null, null);

    /**
     * TLS that trusts the given trust managers and presents no client certificate.
     *
     * @param trustManagers the trust managers, initialised
     * @return the TLS material
     */
    public static ClientTls trusting(TrustManagerFactory trustManagers) {
        return new ClientTls(null, java.util.Objects.requireNonNull(trustManagers, "trustManagers"));
    }

    /**
     * Tells whether both parts are the JVM's defaults.
     *
     * @return {@code true} for {@link #JVM_DEFAULT}
     */
    public boolean isJvmDefault() {
        return keyManagers == null && trustManagers == null;
    }

    @Override
    public String toString() {
        // algorithms only: never the stores' contents
        return "ClientTls[keyManagers=" + (keyManagers == null ? "default" : keyManagers.getAlgorithm())
                + ", trustManagers=" + (trustManagers == null ? "default" : trustManagers.getAlgorithm()) + "]";
    }
}
