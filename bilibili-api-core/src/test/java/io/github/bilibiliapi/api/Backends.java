package io.github.bilibiliapi.api;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiClientProvider;
import io.github.bilibiliapi.client.ClientSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The clients the Api-layer integration tests run on: every backend whose provider is on the classpath
 * ({@link ServiceLoader}), plus {@link PlainJdkClient}, a user's own client.
 */
public final class Backends {

    /** Backends that must be found; add a backend's provider name here when it lands on main. */
    static final Set<String> EXPECTED = Set.of("okhttp", "webclient", "jdk");

    private Backends() {
    }

    /** @return provider names found on the classpath */
    static Set<String> providerNames() {
        Set<String> names = new TreeSet<>();
        for (BiliApiClientProvider p : ServiceLoader.load(BiliApiClientProvider.class)) {
            if (p.isAvailable(Backends.class.getClassLoader())) {
                names.add(p.name());
            }
        }
        return names;
    }

    /** @return named client factories, one per backend */
    public static Stream<Named<Supplier<BiliApiClient>>> all() {
        List<Named<Supplier<BiliApiClient>>> out = new ArrayList<>();
        for (BiliApiClientProvider p : ServiceLoader.load(BiliApiClientProvider.class)) {
            if (p.isAvailable(Backends.class.getClassLoader())) {
                out.add(Named.of(p.name(), () -> p.factory().create(ClientSettings.DEFAULTS, null)));
            }
        }
        out.add(Named.of("plain-jdk (user's own client)", PlainJdkClient::new));
        return out.stream();
    }
}
