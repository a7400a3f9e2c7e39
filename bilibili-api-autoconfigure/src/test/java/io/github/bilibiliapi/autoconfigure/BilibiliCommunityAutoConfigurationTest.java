package io.github.bilibiliapi.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.RequestPacing;
import io.github.bilibiliapi.comment.CommentService;
import io.github.bilibiliapi.favorite.FavoriteService;
import io.github.bilibiliapi.search.SearchService;
import io.github.bilibiliapi.space.SpaceService;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The community services as beans, and {@code bilibili.request.min-interval}. */
class BilibiliCommunityAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BilibiliAutoConfiguration.class));

    @Test
    void communityServicesAreBeansAndPacingIsOffByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(CommentService.class).hasSingleBean(SearchService.class)
                    .hasSingleBean(SpaceService.class).hasSingleBean(FavoriteService.class);
            assertThat(context.getBean(BiliContext.class).pacing()).isSameAs(RequestPacing.none());
        });
    }

    @Test
    void minIntervalTurnsPacingOn() {
        runner.withPropertyValues("bilibili.request.min-interval=250ms").run(context -> {
            RequestPacing pacing = context.getBean(BiliContext.class).pacing();
            assertThat(pacing.enabled()).isTrue();
            assertThat(pacing.minInterval()).isEqualTo(Duration.ofMillis(250));
        });
    }

    @Test
    void aNegativeMinIntervalFailsStartupNamingTheProperty() {
        runner.withPropertyValues("bilibili.request.min-interval=-1s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("bilibili.request.min-interval");
        });
    }
}
