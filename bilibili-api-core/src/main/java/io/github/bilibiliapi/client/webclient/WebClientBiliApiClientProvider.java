package io.github.bilibiliapi.client.webclient;

import io.github.bilibiliapi.client.BiliApiClientFactory;
import io.github.bilibiliapi.client.BiliApiClientProvider;

/**
 * Registers the {@code webclient} backend ({@link WebClientBiliApiClient}) when Spring WebFlux and Reactor Netty are
 * on the classpath. Priority 200: below OkHttp, above the JDK client. Its signatures name no WebFlux or Reactor type,
 * so it loads when they are missing.
 */
public final class WebClientBiliApiClientProvider implements BiliApiClientProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public WebClientBiliApiClientProvider() {
    }

    @Override
    public String name() {
        return WebClientBiliApiClient.NAME;
    }

    @Override
    public int priority() {
        return 200;
    }

    @Override
    public boolean isAvailable(ClassLoader classLoader) {
        return BiliApiClientProvider.classesPresent(classLoader,
                "org.springframework.web.reactive.function.client.WebClient",
                "org.springframework.http.client.reactive.ReactorClientHttpConnector",
                "reactor.netty.http.client.HttpClient");
    }

    @Override
    public BiliApiClientFactory factory() {
        return WebClientBiliApiClient::create;
    }
}
