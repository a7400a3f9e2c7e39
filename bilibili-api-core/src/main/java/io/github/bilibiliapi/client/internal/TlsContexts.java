package io.github.bilibiliapi.client.internal;

import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.ClientTls;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Turns {@link ClientSettings#verifySsl()} and {@link ClientSettings#tls()} into the JSSE objects the backends install,
 * the same way for all of them. Internal: not API.
 */
public final class TlsContexts {

    private TlsContexts() {
    }

    /**
     * Tells whether the settings ask for anything but the JVM's default TLS.
     *
     * @param settings the settings
     * @return {@code true} if a context of this client's own is needed
     */
    public static boolean custom(ClientSettings settings) {
        return !settings.verifySsl() || !settings.tls().isJvmDefault();
    }

    /**
     * Builds the TLS context of the settings.
     *
     * @param settings the settings
     * @return a new context, or {@code null} when the JVM default applies
     */
    public static SSLContext sslContext(ClientSettings settings) {
        if (!custom(settings)) {
            return null;
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            ClientTls tls = settings.tls();
            KeyManager[] keys = tls.keyManagers() == null ? null : tls.keyManagers().getKeyManagers();
            context.init(keys, new TrustManager[] {trustManager(settings)}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create a TLS context from " + settings.tls(), e);
        }
    }

    /**
     * Returns the trust manager of the settings: trust-all when verification is off, else the configured one, else
     * the JVM default.
     *
     * @param settings the settings
     * @return the trust manager
     */
    public static X509TrustManager trustManager(ClientSettings settings) {
        if (!settings.verifySsl()) {
            return InsecureTls.trustManager();
        }
        TrustManagerFactory factory = settings.tls().trustManagers();
        try {
            if (factory == null) {
                factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init((KeyStore) null);
            }
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the trust managers of " + settings.tls(), e);
        }
        throw new IllegalArgumentException("ClientTls.trustManagers has no X509TrustManager");
    }
}
