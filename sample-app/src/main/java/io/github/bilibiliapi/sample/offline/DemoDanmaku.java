package io.github.bilibiliapi.sample.offline;

import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.live.LiveModule;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Makes the fake's live rooms busy in offline mode: every {@code sample.offline.danmaku-interval} (default 1 s) it
 * broadcasts the next real message sample (DANMU_MSG, SEND_GIFT, ...) to every connected danmaku client, cycling
 * through protover 0, 2 (zlib) and 3 (brotli) batches.
 */
@Component
@Profile(OfflineBilibili.PROFILE)
class DemoDanmaku implements InitializingBean, DisposableBean {

    private final LiveModule live;
    private final long intervalMillis;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-danmaku");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger next = new AtomicInteger();

    DemoDanmaku(FakeBilibiliServer fakeBilibiliServer,
            @Value("${sample.offline.danmaku-interval-ms:1000}") long intervalMillis) {
        this.live = fakeBilibiliServer.module(LiveModule.class);
        this.intervalMillis = intervalMillis;
    }

    @Override
    public void afterPropertiesSet() {
        timer.scheduleWithFixedDelay(this::tick, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        List<String> samples = live.fixtureMessages();
        int i = next.getAndIncrement();
        LiveModule.Compression[] kinds = LiveModule.Compression.values();
        live.broadcastMessages(kinds[i % kinds.length], List.of(samples.get(i % samples.size())));
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
