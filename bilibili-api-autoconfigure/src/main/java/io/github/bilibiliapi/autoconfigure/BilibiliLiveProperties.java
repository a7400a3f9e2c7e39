package io.github.bilibiliapi.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code bilibili.live.*}: live rooms and sending danmaku. */
@ConfigurationProperties("bilibili.live")
public class BilibiliLiveProperties {

    /**
     * Pause between two danmaku sent to one room by the LiveService bean (its per-room queue), so a bot does not run
     * into bilibili's 10031 "too fast". Zero turns pacing off.
     */
    private Duration sendInterval = Duration.ofSeconds(1);

    /** @return the pause between two messages to one room */
    public Duration getSendInterval() {
        return sendInterval;
    }

    /** @param sendInterval the pause between two messages to one room */
    public void setSendInterval(Duration sendInterval) {
        this.sendInterval = sendInterval;
    }
}
