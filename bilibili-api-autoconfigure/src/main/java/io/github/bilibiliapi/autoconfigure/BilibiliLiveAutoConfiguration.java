package io.github.bilibiliapi.autoconfigure;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.live.LiveService;
import io.github.bilibiliapi.live.danmaku.LiveRooms;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

/**
 * The live beans: {@link LiveService} (sending paced per room by {@code bilibili.live.send-interval}) and
 * starter-managed live rooms, a {@link LiveRooms} bean whose rooms are all disconnected when the application context
 * closes. Its lifecycle stops in the first shutdown phase, before the web server's graceful shutdown, so streams
 * built on these rooms (for example {@code DanmakuFlux.room(rooms, id)} returned as server-sent events) complete at
 * once instead of holding the graceful shutdown for its whole timeout, and no reconnect is attempted while the client
 * bean is being closed.
 */
@AutoConfiguration(after = BilibiliAutoConfiguration.class)
@ConditionalOnClass(LiveRooms.class)
@EnableConfigurationProperties(BilibiliLiveProperties.class)
public class BilibiliLiveAutoConfiguration {

    /**
     * The live endpoints, sending paced by {@code bilibili.live.send-interval}.
     *
     * @param context    the context
     * @param properties the live settings
     * @return the live endpoints
     * @throws IllegalArgumentException if the send interval is negative (naming the property)
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(BiliContext.class)
    public LiveService bilibiliLiveService(BiliContext context, BilibiliLiveProperties properties) {
        Duration interval = properties.getSendInterval();
        if (interval == null || interval.isNegative()) {
            throw new IllegalArgumentException("bilibili.live.send-interval must be zero or positive, was " + interval);
        }
        return new LiveService(context, interval);
    }

    /**
     * The application's live rooms.
     *
     * @param context the context
     * @return the rooms
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(BiliContext.class)
    public LiveRooms bilibiliLiveRooms(BiliContext context) {
        return new LiveRooms(context);
    }

    /**
     * Closes the rooms early in shutdown.
     *
     * @param rooms the rooms
     * @return the lifecycle
     */
    @Bean
    @ConditionalOnBean(LiveRooms.class)
    LiveRoomsLifecycle bilibiliLiveRoomsLifecycle(LiveRooms rooms) {
        return new LiveRoomsLifecycle(rooms);
    }

    /** Stops with the highest phase, before the web server's graceful shutdown (a lower phase). */
    static final class LiveRoomsLifecycle implements SmartLifecycle {
        private final LiveRooms rooms;
        private volatile boolean running;

        LiveRoomsLifecycle(LiveRooms rooms) {
            this.rooms = rooms;
        }

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            running = false;
            rooms.close();
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return SmartLifecycle.DEFAULT_PHASE;
        }
    }
}
