package io.github.bilibiliapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiClientFactory;
import io.github.bilibiliapi.client.BiliApiClients;
import io.github.bilibiliapi.live.LiveService;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.live.LiveModule;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A context built without a client asks {@link BiliApiClients#defaultInstance()} on every call: a {@code select} on
 * the default registry reaches contexts and services built before it. The default registry's previous selection is restored afterwards.
 */
class DefaultContextClientTest {

    @Test
    void aContextWithoutAClientFollowsTheDefaultRegistrysSelection() {
        BiliApiClients defaults = BiliApiClients.defaultInstance();
        String before = defaults.selected();
        List<String> created = new CopyOnWriteArrayList<>();
        try (FakeBilibiliServer server = FakeBilibiliServer.start()) {
            defaults.register("test-first", named("test-first", created, PlainJdkClient::new))
                    .register("test-second", named("test-second", created, PlainJdkClient::new));
            defaults.select("test-first");
            BiliContext context = BiliContext.builder()
                    .settings(RequestSettings.builder().redirectTo(server.httpBaseUrl()).build()).build();
            LiveService live = new LiveService(context);
            assertThat(live.getRoomInit(LiveModule.DEFAULT_SHORT_ID).join().roomId())
                    .isEqualTo(LiveModule.DEFAULT_ROOM_ID);
            assertThat(context.client().backendName()).isEqualTo("plain-jdk");
            assertThat(created).containsExactly("test-first");

            defaults.select("test-second");
            assertThat(live.getRoomInit(LiveModule.DEFAULT_SHORT_ID).join().roomId())
                    .isEqualTo(LiveModule.DEFAULT_ROOM_ID);
            assertThat(created).containsExactly("test-first", "test-second");
            assertThat(context.toString()).contains("defaultInstance");
        } finally {
            if (before != null) {
                defaults.select(before);
            }
            for (String name : List.of("test-first", "test-second")) {
                if (defaults.registered().contains(name)) {
                    defaults.unregister(name);
                }
            }
        }
    }

    private static BiliApiClientFactory named(String name, List<String> created, Supplier<BiliApiClient> client) {
        return (settings, session) -> {
            created.add(name);
            return client.get();
        };
    }
}
