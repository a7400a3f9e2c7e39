package io.github.bilibiliapi.client.internal;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code verifySsl=false} means on every backend: a trust manager that accepts every certificate and skips host
 * name checks, installed on one client only (never as a JVM default). Being an {@link X509ExtendedTrustManager} matters:
 * the JDK performs endpoint identification inside the extended methods, so overriding them turns host name checks off
 * for the JDK {@code HttpClient} too, without the global {@code jdk.internal.httpclient.disableHostnameVerification}.
 */
public final class InsecureTls {

    private static final Logger LOG = LoggerFactory.getLogger(InsecureTls.class);

    private static final X509ExtendedTrustManager TRUST_ALL = new X509ExtendedTrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    private InsecureTls() {
    }

    /**
     * Returns the trust-everything manager.
     *
     * @return the trust manager
     */
    public static X509ExtendedTrustManager trustManager() {
        return TRUST_ALL;
    }

    /**
     * Returns a host name verifier that accepts every name.
     *
     * @return the verifier
     */
    public static HostnameVerifier hostnameVerifier() {
        return (hostname, session) -> true;
    }

    /**
     * Creates a new TLS context that trusts everything.
     *
     * @return the context
     */
    public static SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {TRUST_ALL}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create a TLS context", e);
        }
    }

    /**
     * Logs the one warning a client gives when it turns verification off.
     *
     * @param backend the backend's name
     */
    public static void warn(String backend) {
        LOG.warn("TLS certificate and host name verification is OFF for this bilibili-api {} client "
                + "(verifySsl=false): connections can be intercepted. Use it only for testing.", backend);
    }
}
