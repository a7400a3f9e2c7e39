package io.github.bilibiliapi.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.user.UserInfo;
import io.github.bilibiliapi.user.UserService;
import io.github.bilibiliapi.video.VideoService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A minimal application whose only dependency is the starter (its test classpath adds the fake bilibili and the test
 * libraries): with no configuration at all it gets an OkHttp-backed client, the context and the services. The one
 * property set points the bilibili hosts at the fake server.
 */
@SpringBootTest(classes = StarterApplicationTest.App.class)
class StarterApplicationTest {

    private static final FakeBilibiliServer server = FakeBilibiliServer.start();

    @Autowired
    private BiliApiClient client;

    @Autowired
    private BiliContext context;

    @Autowired
    private UserService users;

    @Autowired
    private VideoService videos;

    @DynamicPropertySource
    static void redirectToTheFake(DynamicPropertyRegistry registry) {
        registry.add("bilibili.request.host-redirect.base-url", server::httpBaseUrl);
    }

    @AfterAll
    static void stopFake() {
        server.close();
    }

    @Test
    void theStarterAloneGivesAWorkingOkHttpClient() {
        assertThat(client.backendName()).isEqualTo("okhttp");
        assertThat(client.settings()).isEqualTo(ClientSettings.DEFAULTS);
        assertThat(context.client()).isSameAs(client);
        UserInfo info = users.getUserInfo(2).join();
        assertThat(info.mid()).isEqualTo(2);
        assertThat(videos.getVideoInfo(170001).join()).isNotNull();
    }

    @SpringBootApplication
    static class App {
    }
}
