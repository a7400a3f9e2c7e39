package io.github.bilibiliapi.live.danmaku;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/** The options a {@link LiveDanmaku.Builder} collected; see its methods. {@code scheduler} is null for our own. */
record DanmakuOptions(long roomId, Duration heartbeatInterval, Duration authTimeout, Duration stallTimeout,
        Duration initialBackoff, Duration maxBackoff, int maxReconnectAttempts, Duration closeTimeout,
        int maxInflatedBytes, ScheduledExecutorService scheduler) {
}
