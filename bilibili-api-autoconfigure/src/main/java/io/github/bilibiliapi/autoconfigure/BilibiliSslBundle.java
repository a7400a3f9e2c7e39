package io.github.bilibiliapi.autoconfigure;

import io.github.bilibiliapi.client.ClientTls;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * Turns {@code bilibili.request.ssl.bundle} into the client's {@link ClientTls}: the named Spring SSL bundle's trust
 * managers (a custom trust store) and key managers (a client certificate), which every built-in backend applies to
 * HTTPS and WSS.
 */
final class BilibiliSslBundle {

    static final String PROPERTY = "bilibili.request.ssl.bundle";

    private BilibiliSslBundle() {
    }

    /**
     * Resolves the bundle named by the properties.
     *
     * @param request    the request settings
     * @param sslBundles Boot's bundles ({@code spring.ssl.bundle.*})
     * @return the bundle's managers, or {@link ClientTls#JVM_DEFAULT} when no bundle is named
     * @throws MissingBundleException naming the property when the bundle does not exist
     */
    static ClientTls tls(BilibiliProperties.Request request, ObjectProvider<SslBundles> sslBundles) {
        String name = request.getSsl().getBundle();
        if (name == null || name.isBlank()) {
            return ClientTls.JVM_DEFAULT;
        }
        SslBundles bundles = sslBundles.getIfAvailable();
        if (bundles == null) {
            throw new MissingBundleException(name, "there are no Spring SSL bundles in this context", null);
        }
        SslBundle bundle;
        try {
            bundle = bundles.getBundle(name.strip());
        } catch (NoSuchSslBundleException e) {
            throw new MissingBundleException(name, e.getMessage(), e);
        }
        return new ClientTls(bundle.getManagers().getKeyManagerFactory(),
                bundle.getManagers().getTrustManagerFactory());
    }

    /** {@code bilibili.request.ssl.bundle} names no bundle; shown as a startup failure report by {@link Analyzer}. */
    static final class MissingBundleException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        private final String bundle;

        MissingBundleException(String bundle, String reason, Throwable cause) {
            super(PROPERTY + " is '" + bundle + "', but " + reason, cause);
            this.bundle = bundle;
        }
    }

    /** Turns a {@link MissingBundleException} into Boot's "APPLICATION FAILED TO START" report. */
    static final class Analyzer
            extends org.springframework.boot.diagnostics.AbstractFailureAnalyzer<MissingBundleException> {

        @Override
        protected org.springframework.boot.diagnostics.FailureAnalysis analyze(Throwable rootFailure,
                MissingBundleException cause) {
            return new org.springframework.boot.diagnostics.FailureAnalysis(cause.getMessage() + ".",
                    "Define the bundle under spring.ssl.bundle.jks." + cause.bundle + " or spring.ssl.bundle.pem."
                            + cause.bundle + ", or remove " + PROPERTY + ".", cause);
        }
    }
}
