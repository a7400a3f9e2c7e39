package io.github.bilibiliapi.sample.customclient;

import io.github.bilibiliapi.client.BiliApiClientFactory;
import io.github.bilibiliapi.client.BiliApiClientProvider;

/**
 * Lets {@link io.github.bilibiliapi.client.BiliApiClients#create()} find the Jetty backend with
 * {@link java.util.ServiceLoader}: list this class in
 * {@code META-INF/services/io.github.bilibiliapi.client.BiliApiClientProvider}. Its priority, 400, is above the
 * built-in backends (OkHttp 300, WebClient 200, JDK 100), so once listed it becomes the default backend. Its signatures
 * mention no Jetty type, so it loads, and answers {@link #isAvailable}, when Jetty is missing.
 */
public final class JettyBiliApiClientProvider implements BiliApiClientProvider {

    /** The priority: above every built-in backend. */
    public static final int PRIORITY = 400;

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public JettyBiliApiClientProvider() {
    }

    @Override
    public String name() {
        return JettyBiliApiClient.NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public boolean isAvailable(ClassLoader classLoader) {
        return BiliApiClientProvider.classesPresent(classLoader, "org.eclipse.jetty.client.HttpClient",
                "org.eclipse.jetty.websocket.client.WebSocketClient");
    }

    @Override
    public BiliApiClientFactory factory() {
        // a lambda naming the backend class resolves it (and Jetty) only when the factory runs
        return (settings, session) -> JettyBiliApiClient.create(settings, session);
    }
}
