package io.github.bilibiliapi.client.okhttp;

import io.github.bilibiliapi.client.BiliApiClientFactory;
import io.github.bilibiliapi.client.BiliApiClientProvider;

/**
 * Registers the OkHttp backend ({@code okhttp}, priority 300) when {@code okhttp3.OkHttpClient} is on the classpath.
 * Its signatures mention no OkHttp type, so it loads without OkHttp.
 */
public final class OkHttpBiliApiClientProvider implements BiliApiClientProvider {

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public OkHttpBiliApiClientProvider() {
    }

    @Override
    public String name() {
        return "okhttp";
    }

    @Override
    public int priority() {
        return 300;
    }

    @Override
    public boolean isAvailable(ClassLoader classLoader) {
        return BiliApiClientProvider.classesPresent(classLoader, "okhttp3.OkHttpClient", "okio.ByteString",
                "kotlin.jvm.internal.Intrinsics");
    }

    @Override
    public BiliApiClientFactory factory() {
        // a lambda naming the backend class resolves it only when the factory runs
        return (settings, session) -> OkHttpBiliApiClient.create(settings, session);
    }
}
