package io.github.bilibiliapi.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The fake server's self-signed TLS identity: a PKCS12 keystore on the classpath with one RSA key for
 * {@code CN=localhost}, SAN {@code dns:localhost, ip:127.0.0.1}, valid 100 years. It is a test certificate; the
 * password is public on purpose.
 */
public final class TestCertificate {

    /** Classpath location of the PKCS12 keystore. */
    public static final String KEYSTORE_RESOURCE = "/io/github/bilibiliapi/test/fake-bilibili-test.p12";
    /** Password of the keystore and of the key (test-only). */
    public static final String PASSWORD = "fake-bilibili-test";
    /** Alias of the key entry. */
    public static final String ALIAS = "localhost";

    private TestCertificate() {
    }

    /**
     * Loads the keystore.
     *
     * @return a fresh PKCS12 keystore holding the key and certificate
     */
    public static KeyStore keyStore() {
        try (InputStream in = TestCertificate.class.getResourceAsStream(KEYSTORE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("test keystore missing from classpath: " + KEYSTORE_RESOURCE);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            return ks;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + KEYSTORE_RESOURCE, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load " + KEYSTORE_RESOURCE, e);
        }
    }

    /**
     * The certificate.
     *
     * @return the self-signed X.509 certificate
     */
    public static X509Certificate certificate() {
        try {
            return (X509Certificate) keyStore().getCertificate(ALIAS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no certificate under alias " + ALIAS, e);
        }
    }

    static PrivateKey privateKey() {
        try {
            return (PrivateKey) keyStore().getKey(ALIAS, PASSWORD.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no key under alias " + ALIAS, e);
        }
    }

    /**
     * An SSL context trusting exactly this certificate (hostname checks still apply and pass for
     * {@code 127.0.0.1} and {@code localhost}) — the proper way for a client to talk to the fake without trust-all.
     *
     * @return a TLS context
     */
    public static SSLContext trustingSslContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(ALIAS, certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build trust context for the test certificate", e);
        }
    }
}
