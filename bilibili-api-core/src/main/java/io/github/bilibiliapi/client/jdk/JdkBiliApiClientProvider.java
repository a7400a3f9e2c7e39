package io.github.bilibiliapi.client.jdk;

import io.github.bilibiliapi.client.BiliApiClientFactory;
import io.github.bilibiliapi.client.BiliApiClientProvider;

/**
 * Registers the {@code jdk} backend ({@link JdkBiliApiClient}, over {@code java.net.http.HttpClient}) with priority 100,
 * the lowest of the built-ins: it needs no library, so it is the default only when neither OkHttp nor WebClient is on
 * the classpath.
 */
public final class JdkBiliApiClientProvider implements BiliApiClientProvider {

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public JdkBiliApiClientProvider() {
    }

    @Override
    public String name() {
        return JdkBiliApiClient.NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public boolean isAvailable(ClassLoader classLoader) {
        // absent from runtimes linked without the java.net.http module
        return BiliApiClientProvider.classesPresent(classLoader, "java.net.http.HttpClient");
    }

    @Override
    public BiliApiClientFactory factory() {
        return JdkBiliApiClient::create;
    }
}
