package io.github.bilibiliapi.autoconfigure;

import io.github.bilibiliapi.autoconfigure.BiliApiClientCreator.SessionOrigin;
import io.github.bilibiliapi.autoconfigure.BilibiliProperties.Backend;
import io.github.bilibiliapi.client.BiliApiClient;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The per-backend client configurations, imported by {@link BilibiliAutoConfiguration} in precedence order (OkHttp,
 * WebClient, JDK, then the failure for a forced backend that is missing), in the style of Boot's
 * {@code DataSourceConfiguration}: the first whose library is present, whose backend is allowed by
 * {@code bilibili.request.backend}, and for which no {@link BiliApiClient} bean exists yet, creates the client.
 *
 * <p>The OkHttp and JDK configurations wrap the application's session bean of their library ({@code OkHttpClient},
 * {@code java.net.http.HttpClient}) when there is exactly one, and otherwise build one from their builder customizers
 * when there are any; a session built here is shut down by the configuration (a {@link DisposableBean}, destroyed
 * after the client it created) when the context closes. The application's own session is never shut down. The
 * WebClient configuration hands Boot's (or the application's) {@code WebClient.Builder} to the backend as a template.
 */
final class BilibiliClientConfigurations {

    private static final Logger log = LoggerFactory.getLogger(BilibiliClientConfigurations.class);

    private BilibiliClientConfigurations() {
    }

    private static void warnIgnored(long customizers, String type, String sessionType) {
        if (customizers > 0) {
            log.warn("bilibili-api: {} {} bean(s) ignored: the application supplies its own {} bean, which is used "
                    + "as it is (customize that one instead)", customizers, type, sessionType);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(OkHttpClient.class)
    @ConditionalOnMissingBean(BiliApiClient.class)
    @ConditionalOnBackend(Backend.OKHTTP)
    static class OkHttp implements DisposableBean {

        private volatile OkHttpClient ownSession;

        @Bean
        BiliApiClient bilibiliApiClient(BilibiliProperties properties, ObjectProvider<OkHttpClient> applicationSession,
                ObjectProvider<BilibiliOkHttpClientBuilderCustomizer> builderCustomizers,
                ObjectProvider<BiliApiClientCustomizer> customizers, ObjectProvider<SslBundles> sslBundles) {
            OkHttpClient session = applicationSession.getIfUnique();
            SessionOrigin origin = SessionOrigin.APPLICATION;
            if (session != null) {
                warnIgnored(builderCustomizers.orderedStream().count(), "BilibiliOkHttpClientBuilderCustomizer",
                        OkHttpClient.class.getName());
            } else {
                List<BilibiliOkHttpClientBuilderCustomizer> list = builderCustomizers.orderedStream().toList();
                origin = list.isEmpty() ? SessionOrigin.NONE : SessionOrigin.CUSTOMIZED;
                if (!list.isEmpty()) {
                    OkHttpClient.Builder builder = new OkHttpClient.Builder();
                    list.forEach(c -> c.customize(builder));
                    session = builder.build();
                    ownSession = session;
                }
            }
            return BiliApiClientCreator.create(Backend.OKHTTP, properties.getRequest(),
                    BilibiliSslBundle.tls(properties.getRequest(), sslBundles), session, origin,
                    OkHttpClient.class.getName(), customizers.orderedStream());
        }

        @Override
        public void destroy() throws Exception {
            OkHttpClient session = ownSession;
            if (session != null) {
                ownSession = null;
                session.dispatcher().executorService().shutdown();
                session.connectionPool().evictAll();
                if (session.cache() != null) {
                    session.cache().close();
                }
                session.dispatcher().executorService().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({WebClient.class, reactor.netty.http.client.HttpClient.class})
    @ConditionalOnMissingBean(BiliApiClient.class)
    @ConditionalOnBackend(Backend.WEBCLIENT)
    static class WebClientBackend {

        /**
         * A {@link WebClient.Builder} is a template, not a session: the backend keeps its filters, default headers,
         * codecs and observation registry, replaces its connector with one over the client's own Reactor Netty
         * resources (shared with WebSockets, disposed when the client closes), and applies the settings from the
         * start.
         */
        @Bean
        BiliApiClient bilibiliApiClient(BilibiliProperties properties,
                ObjectProvider<WebClient.Builder> applicationBuilder,
                ObjectProvider<BilibiliWebClientBuilderCustomizer> builderCustomizers,
                ObjectProvider<BiliApiClientCustomizer> customizers, ObjectProvider<SslBundles> sslBundles) {
            WebClient.Builder builder = applicationBuilder.getIfUnique();
            List<BilibiliWebClientBuilderCustomizer> list = builderCustomizers.orderedStream().toList();
            if (builder != null) {
                builder = builder.clone(); // Boot's builder is a prototype, but an application's may be a singleton
                log.info("bilibili-api (webclient): building the session from the application's WebClient.Builder "
                        + "(its filters, default headers and codecs are kept; the connector and the "
                        + "bilibili.request.* settings are the library's)");
            } else if (!list.isEmpty()) {
                builder = WebClient.builder();
            }
            if (builder != null) {
                for (BilibiliWebClientBuilderCustomizer customizer : list) {
                    customizer.customize(builder);
                }
            }
            return BiliApiClientCreator.create(Backend.WEBCLIENT, properties.getRequest(),
                    BilibiliSslBundle.tls(properties.getRequest(), sslBundles), builder,
                    builder == null ? SessionOrigin.NONE : SessionOrigin.TEMPLATE, WebClient.Builder.class.getName(),
                    customizers.orderedStream());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(java.net.http.HttpClient.class)
    @ConditionalOnMissingBean(BiliApiClient.class)
    @ConditionalOnBackend(Backend.JDK)
    static class Jdk implements DisposableBean {

        private volatile java.net.http.HttpClient ownSession;

        @Bean
        BiliApiClient bilibiliApiClient(BilibiliProperties properties,
                ObjectProvider<java.net.http.HttpClient> applicationSession,
                ObjectProvider<BilibiliJdkHttpClientBuilderCustomizer> builderCustomizers,
                ObjectProvider<BiliApiClientCustomizer> customizers, ObjectProvider<SslBundles> sslBundles) {
            java.net.http.HttpClient session = applicationSession.getIfUnique();
            SessionOrigin origin = SessionOrigin.APPLICATION;
            if (session != null) {
                warnIgnored(builderCustomizers.orderedStream().count(), "BilibiliJdkHttpClientBuilderCustomizer",
                        java.net.http.HttpClient.class.getName());
            } else {
                List<BilibiliJdkHttpClientBuilderCustomizer> list = builderCustomizers.orderedStream().toList();
                origin = list.isEmpty() ? SessionOrigin.NONE : SessionOrigin.CUSTOMIZED;
                if (!list.isEmpty()) {
                    java.net.http.HttpClient.Builder builder = java.net.http.HttpClient.newBuilder();
                    list.forEach(c -> c.customize(builder));
                    session = builder.build();
                    ownSession = session;
                }
            }
            return BiliApiClientCreator.create(Backend.JDK, properties.getRequest(),
                    BilibiliSslBundle.tls(properties.getRequest(), sslBundles), session, origin,
                    java.net.http.HttpClient.class.getName(), customizers.orderedStream());
        }

        @Override
        public void destroy() throws Exception {
            Object session = ownSession;
            ownSession = null;
            // HttpClient is AutoCloseable from Java 21 on; on 17 its selector thread ends once it is unreachable
            if (session instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    /**
     * Reached when no built-in backend matched: a backend named by {@code bilibili.request.backend} that is not a
     * built-in is looked up among the {@link io.github.bilibiliapi.client.BiliApiClientProvider}s; otherwise (a forced
     * built-in whose library is missing, or an unknown name) startup fails with what to add or the names available.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(BiliApiClient.class)
    static class Unavailable {

        @Bean
        BiliApiClient bilibiliApiClient(BilibiliProperties properties,
                ObjectProvider<BiliApiClientCustomizer> customizers, ObjectProvider<SslBundles> sslBundles) {
            String name = properties.getRequest().getBackend();
            if (!name.equals("auto") && !OnBackendCondition.builtIn(name)) {
                return BiliApiClientCreator.createByName(name, properties.getRequest(),
                        BilibiliSslBundle.tls(properties.getRequest(), sslBundles), customizers.orderedStream());
            }
            throw BilibiliBackendUnavailableException.forBackend(name);
        }
    }
}
