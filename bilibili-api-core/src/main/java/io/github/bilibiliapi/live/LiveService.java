package io.github.bilibiliapi.live;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.ApiResult;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.Credential;
import io.github.bilibiliapi.api.ResponseCodeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live-room endpoints: room identity, the danmaku token, and sending danmaku.
 *
 * <p><b>Sending</b> goes through a pacing queue per room: messages to one room leave one at a time, at least
 * {@link #sendInterval()} apart (default 1 s), so a bot does not run into bilibili's 10031 "too fast". The queue lives
 * in this object: share one {@code LiveService} for all senders of an account.
 */
public final class LiveService {

    /** The default pause between two messages to one room. */
    public static final Duration DEFAULT_SEND_INTERVAL = Duration.ofSeconds(1);
    static final String SEND_URL = "https://api.live.bilibili.com/msg/send";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final String ROOM_INIT_URL = "https://api.live.bilibili.com/room/v1/Room/room_init";
    static final String DANMU_INFO_URL = "https://api.live.bilibili.com/xlive/web-room/v1/index/getDanmuInfo";

    private final BiliContext context;
    private final Duration sendInterval;
    private final Map<Long, Long> realIds = new ConcurrentHashMap<>();
    private final Map<Long, Pacer> pacers = new HashMap<>();

    /** @param context the context requests run in */
    public LiveService(BiliContext context) {
        this(context, DEFAULT_SEND_INTERVAL);
    }

    /**
     * @param context      the context requests run in
     * @param sendInterval the pause between two messages to one room (zero: no pacing)
     * @throws IllegalArgumentException if {@code sendInterval} is negative
     */
    public LiveService(BiliContext context, Duration sendInterval) {
        this.context = Objects.requireNonNull(context, "context");
        Objects.requireNonNull(sendInterval, "sendInterval");
        if (sendInterval.isNegative()) {
            throw new IllegalArgumentException("sendInterval must not be negative, was " + sendInterval);
        }
        this.sendInterval = sendInterval;
    }

    /** @return the pause between two messages to one room */
    public Duration sendInterval() {
        return sendInterval;
    }

    /**
     * {@code GET room_init?id=}: resolves a display (short) room id to the real one.
     *
     * @param displayId a positive room id as shown in the URL
     * @return the room identity
     * @throws IllegalArgumentException if {@code displayId <= 0}
     */
    public CompletableFuture<RoomInit> getRoomInit(long displayId) {
        checkRoomId(displayId);
        return context.execute(Api.get(ROOM_INIT_URL).param("id", displayId).build())
                .thenApply(r -> RoomInit.from(r.data()));
    }

    /**
     * {@code GET getDanmuInfo?id=&type=0&web_location=444.8}, WBI-signed: the danmaku token and servers.
     *
     * @param realRoomId a positive real room id (see {@link #getRoomInit})
     * @return the token and hosts
     * @throws IllegalArgumentException if {@code realRoomId <= 0}
     */
    public CompletableFuture<DanmuInfo> getDanmuInfo(long realRoomId) {
        return getDanmuInfo(realRoomId, null);
    }

    /**
     * {@link #getDanmuInfo(long)} with the cookies of a given credential rather than the context's current one: the
     * token is tied to the account that fetched it, so a caller that authenticates with a uid asks with that
     * account's login.
     *
     * @param realRoomId a positive real room id (see {@link #getRoomInit})
     * @param credential the login to fetch the token with ({@code null}: the context's current credential)
     * @return the token and hosts
     * @throws IllegalArgumentException if {@code realRoomId <= 0}
     */
    public CompletableFuture<DanmuInfo> getDanmuInfo(long realRoomId, Credential credential) {
        checkRoomId(realRoomId);
        Api api = Api.get(DANMU_INFO_URL).param("id", realRoomId).param("type", 0).param("web_location", "444.8")
                .wbi(true).credential(credential).build();
        return context.execute(api).thenApply(r -> DanmuInfo.from(r.data()));
    }

    /**
     * Sends a danmaku with {@link SendDanmakuOptions#defaults()}.
     *
     * @param roomId the room id as shown in its URL (resolved to the real one)
     * @param text   the text
     * @return see {@link #sendDanmaku(long, String, SendDanmakuOptions)}
     */
    public CompletableFuture<List<SentDanmaku>> sendDanmaku(long roomId, String text) {
        return sendDanmaku(roomId, text, SendDanmakuOptions.defaults());
    }

    /**
     * {@code POST /msg/send} (login and csrf): sends {@code text} to a room, split into several messages of at most
     * {@link SendDanmakuOptions#maxLength()} characters, in order, through the room's pacing queue. Nothing is retried:
     * if one part is refused, the parts after it are not sent.
     *
     * @param roomId  the room id as shown in its URL (a short id is resolved with {@code room_init}, once); messages
     *                are queued per id as given until the room is resolved, then per real id
     * @param text    the text: not blank; line breaks are sent as they are
     * @param options colour, mode, size, length limit, mention
     * @return the messages bilibili accepted, in order; fails with a {@link DanmakuSendException} subclass
     *         ({@link DanmakuRateLimitedException}, {@link DanmakuTooLongException}, {@link DanmakuCsrfException},
     *         {@link DanmakuMutedException}) when bilibili refuses a part, or a {@code CredentialException} without
     *         SESSDATA or bili_jct
     * @throws IllegalArgumentException if {@code roomId <= 0} or {@code text} is blank
     * @throws NullPointerException     if {@code options} is null
     * @throws io.github.bilibiliapi.api.CredentialException if the credential has no SESSDATA or bili_jct
     */
    public CompletableFuture<List<SentDanmaku>> sendDanmaku(long roomId, String text, SendDanmakuOptions options) {
        checkSend(roomId, text, options);
        List<String> parts = split(text, options.effectiveMaxLength());
        // queued at once, in call order; the room is resolved inside the queue (a short id the first time only)
        AtomicReference<Throwable> failed = new AtomicReference<>();
        List<CompletableFuture<SentDanmaku>> sent = new ArrayList<>();
        synchronized (pacers) {
            Pacer pacer = pacers.computeIfAbsent(realIds.getOrDefault(roomId, roomId), k -> new Pacer());
            for (int i = 0; i < parts.size(); i++) {
                String part = parts.get(i);
                long replyMid = i == 0 ? options.replyMid() : 0;
                sent.add(pacer.enqueue(() -> {
                    Throwable earlier = failed.get();
                    if (earlier != null) {
                        return CompletableFuture.failedFuture(earlier);
                    }
                    return realRoomId(roomId).thenCompose(real -> post(real, part, options, replyMid))
                            .whenComplete((v, e) -> {
                                if (e != null) {
                                    failed.compareAndSet(null, e);
                                }
                            });
                }));
            }
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                .thenApply(v -> sent.stream().map(CompletableFuture::join).toList());
    }

    /** Splits by code points so that no surrogate pair or emoji is cut in half. */
    static List<String> split(String text, int maxLength) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int remaining = text.codePointCount(start, text.length());
            int end = remaining <= maxLength ? text.length() : text.offsetByCodePoints(start, maxLength);
            out.add(text.substring(start, end));
            start = end;
        }
        return out;
    }

    private CompletableFuture<Long> realRoomId(long roomId) {
        Long known = realIds.get(roomId);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        return getRoomInit(roomId).thenApply(r -> {
            if (r.roomId() <= 0) {
                throw new IllegalStateException("room_init for room " + roomId + " returned no room_id");
            }
            realIds.put(roomId, r.roomId());
            return r.roomId();
        });
    }

    private CompletableFuture<SentDanmaku> post(long realRoomId, String text, SendDanmakuOptions o, long replyMid) {
        Api api = Api.post(SEND_URL).verify(true).ignoreCode(true)
                .data("bubble", 0).data("msg", text).data("color", o.color()).data("mode", o.mode())
                .data("room_type", 0).data("jumpfrom", 0).data("reply_mid", replyMid).data("reply_attr", 0)
                .data("replay_dmid", "").data("statistics", "{\"appId\":100,\"platform\":5}")
                .data("fontsize", o.fontSize()).data("rnd", System.currentTimeMillis() / 1000)
                .data("roomid", realRoomId).build();
        return context.execute(api).thenApply(r -> answer(realRoomId, text, r));
    }

    private static SentDanmaku answer(long realRoomId, String text, ApiResult r) {
        String message = r.message() == null ? "" : r.message();
        if (r.code() == 0 && message.isEmpty()) {
            JsonNode extra = embedded(r.data().path("mode_info").path("extra"));
            return new SentDanmaku(realRoomId, text, extra.path("id_str").asString(""), r.data());
        }
        boolean ours = r.code() == 10031 || r.code() == 1003212 || r.code() == -111
                || DanmakuMutedException.looksMuted(message);
        if (!ours && r.code() != 0 && io.github.bilibiliapi.api.RiskControl.ofCode(r.code()).isPresent()) {
            throw ResponseCodeException.of(r.code(), message, r.json()); // the Api layer's risk-control type
        }
        // code 0 with a message ("msg repeat", muted) is a refusal too
        throw DanmakuSendException.forAnswer(r.code(), message, r.json());
    }

    private static JsonNode embedded(JsonNode text) {
        if (text == null || !text.isString()) {
            return tools.jackson.databind.node.MissingNode.getInstance();
        }
        try {
            return JSON.readTree(text.stringValue());
        } catch (JacksonException e) {
            return tools.jackson.databind.node.MissingNode.getInstance();
        }
    }

    /** One room's queue: each message starts after the previous one finished and the interval has passed. */
    private final class Pacer {
        private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
        private long nextNanos = System.nanoTime();

        /** Called under the {@code pacers} lock, so parts of one text stay together and in order. */
        <T> CompletableFuture<T> enqueue(java.util.function.Supplier<CompletableFuture<T>> send) {
            CompletableFuture<T> result = tail.handle((v, e) -> null).thenCompose(v -> {
                long wait = nextNanos - System.nanoTime();
                CompletableFuture<Void> gate = wait <= 0 ? CompletableFuture.completedFuture(null)
                        : CompletableFuture.runAsync(() -> { },
                                CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS));
                return gate.thenCompose(x -> send.get())
                        .whenComplete((r, e) -> nextNanos = System.nanoTime() + sendInterval.toNanos());
            });
            tail = result;
            return result;
        }
    }

    /** The argument check of the room methods, shared with {@link ReactiveLiveService}. */
    /** The checks {@link #sendDanmaku} makes before any I/O; the reactive face makes them eagerly too. */
    void checkSend(long roomId, String text, SendDanmakuOptions options) {
        if (roomId <= 0) {
            throw new IllegalArgumentException("roomId must be positive, got " + roomId);
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("text must not be blank");
        }
        Objects.requireNonNull(options, "options");
        if (!context.credential().hasSessdata() || !context.credential().hasBiliJct()) {
            throw new io.github.bilibiliapi.api.CredentialException("sending danmaku needs a logged-in credential "
                    + "with SESSDATA and bili_jct");
        }
    }

    static void checkRoomId(long roomId) {
        if (roomId <= 0) {
            throw new IllegalArgumentException("room id must be positive, got " + roomId);
        }
    }
}
