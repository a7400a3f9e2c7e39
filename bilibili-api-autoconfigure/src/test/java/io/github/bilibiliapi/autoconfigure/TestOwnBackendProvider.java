package io.github.bilibiliapi.autoconfigure;

import io.github.bilibiliapi.client.BiliApiClientFactory;
import io.github.bilibiliapi.client.BiliApiClientProvider;
import io.github.bilibiliapi.client.jdk.JdkBiliApiClient;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend of the application's own, found with ServiceLoader (listed in this module's test
 * {@code META-INF/services}); priority 0, so it is only used when named. It builds JDK clients and counts them.
 */
public final class TestOwnBackendProvider implements BiliApiClientProvider {

    /** Clients this provider's factory built. */
    static final AtomicInteger CREATED = new AtomicInteger();

    @Override
    public String name() {
        return "test-own";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public boolean isAvailable(ClassLoader classLoader) {
        return true;
    }

    @Override
    public BiliApiClientFactory factory() {
        return (settings, session) -> {
            CREATED.incrementAndGet();
            return JdkBiliApiClient.create(settings, session);
        };
    }
}
