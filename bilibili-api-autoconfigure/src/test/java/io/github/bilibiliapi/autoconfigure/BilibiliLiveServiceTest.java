package io.github.bilibiliapi.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.live.LiveService;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@link LiveService} bean and {@code bilibili.live.send-interval}. */
class BilibiliLiveServiceTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BilibiliAutoConfiguration.class,
                    BilibiliLiveAutoConfiguration.class));

    @Test
    void theSendIntervalDefaultsToOneSecond() {
        runner.run(context -> assertThat(context.getBean(LiveService.class).sendInterval())
                .isEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void theSendIntervalIsAProperty() {
        runner.withPropertyValues("bilibili.live.send-interval=250ms").run(context ->
                assertThat(context.getBean(LiveService.class).sendInterval()).isEqualTo(Duration.ofMillis(250)));
        runner.withPropertyValues("bilibili.live.send-interval=0").run(context ->
                assertThat(context.getBean(LiveService.class).sendInterval()).isZero());
    }

    @Test
    void aNegativeSendIntervalFailsStartupNamingTheProperty() {
        runner.withPropertyValues("bilibili.live.send-interval=-1s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bilibili.live.send-interval");
        });
    }

    @Test
    void aUserLiveServiceWins() {
        runner.withUserConfiguration(UserLiveService.class).withPropertyValues("bilibili.live.send-interval=5s")
                .run(context -> {
                    assertThat(context).hasSingleBean(LiveService.class);
                    assertThat(context.getBean(LiveService.class).sendInterval()).isEqualTo(Duration.ofMillis(42));
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserLiveService {
        @Bean
        LiveService myLiveService(BiliContext context) {
            return new LiveService(context, Duration.ofMillis(42));
        }
    }
}
