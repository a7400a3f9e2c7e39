package io.github.bilibiliapi.live.kafka;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.live.danmaku.DanmakuEvent;
import io.github.bilibiliapi.live.danmaku.DanmakuProtocolException;
import io.github.bilibiliapi.live.danmaku.LiveDanmaku;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@link RoomEventSource} over {@link LiveDanmaku}: one connection per room, all on one small shared scheduler, the
 * typed views of {@link DanmakuEvent} ({@code danmu()}, {@code gift()}, ...) serialised as the event's fields.
 *
 * <p>This is the adapter to the live client's current event model; a richer typed model only changes
 * {@link #toRoomEvent}.
 */
public final class LiveDanmakuSource implements RoomEventSource, AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BiliContext context;
    private final ScheduledExecutorService scheduler;
    private final UnaryOperator<LiveDanmaku.Builder> options;

    /**
     * A source on {@code threads} shared daemon threads.
     *
     * @param context the context every connection goes through (backend, credential, host redirection)
     * @param threads threads shared by all connections for timers and event delivery
     * @param options applied to each room's builder (heartbeat, reconnect back-off, ...); the scheduler is set here
     * @throws IllegalArgumentException if {@code threads} is not positive
     * @throws NullPointerException     if {@code context} or {@code options} is null
     */
    public LiveDanmakuSource(BiliContext context, int threads, UnaryOperator<LiveDanmaku.Builder> options) {
        this.context = Objects.requireNonNull(context, "context");
        this.options = Objects.requireNonNull(options, "options");
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, was " + threads);
        }
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, "bili-live-cluster-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.scheduler = Executors.unconfigurableScheduledExecutorService(pool);
    }

    @Override
    public Connection open(long roomId, Consumer<RoomEvent> sink) {
        Objects.requireNonNull(sink, "sink");
        if (roomId <= 0) {
            throw new IllegalArgumentException("roomId must be positive, was " + roomId);
        }
        LiveDanmaku danmaku = options.apply(LiveDanmaku.builder(context, roomId)).scheduler(scheduler).build();
        danmaku.onAny(e -> sink.accept(toRoomEvent(roomId, e)));
        CompletableFuture<Void> connected = danmaku.connect();
        return new Connection() {
            @Override
            public CompletableFuture<Void> connected() {
                return connected;
            }

            @Override
            public CompletableFuture<Void> close() {
                return danmaku.disconnect();
            }
        };
    }

    /** Stops the shared threads; close every connection first. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The published form of a {@link DanmakuEvent}: its type, the typed view's fields, the raw JSON.
     *
     * @param roomId the watched room
     * @param e      the event
     * @return the room event
     */
    static RoomEvent toRoomEvent(long roomId, DanmakuEvent e) {
        JsonNode raw;
        try {
            raw = e.raw();
        } catch (DanmakuProtocolException broken) {
            // JSON broken past what the decoder read: published as the ERROR event it is
            ObjectNode message = JSON.createObjectNode().put("message", broken.getMessage());
            return new RoomEvent(DanmakuEvent.ERROR, roomId, message, message.deepCopy(), false);
        }
        boolean server = raw.isObject() && raw.has("cmd");
        return new RoomEvent(e.type(), roomId, fields(e), raw, server);
    }

    private static JsonNode fields(DanmakuEvent e) {
        try {
            return switch (e.type()) {
                case "DANMU_MSG" -> JSON.valueToTree(e.danmu());
                case "SEND_GIFT" -> JSON.valueToTree(e.gift());
                case "SUPER_CHAT_MESSAGE" -> JSON.valueToTree(e.superChat());
                case "INTERACT_WORD" -> JSON.valueToTree(e.interactWord());
                case "GUARD_BUY" -> JSON.valueToTree(e.guardBuy());
                case DanmakuEvent.VIEW -> JSON.createObjectNode().put("popularity", e.popularity());
                case DanmakuEvent.ERROR -> JSON.createObjectNode().put("message",
                        e.error() == null ? e.raw().path("message").asString("") : String.valueOf(e.error()
                                .getMessage()));
                default -> JSON.createObjectNode();
            };
        } catch (RuntimeException malformed) {
            // a message the typed view cannot read is still published, with its raw JSON and no fields
            ObjectNode none = JSON.createObjectNode();
            return none;
        }
    }
}
