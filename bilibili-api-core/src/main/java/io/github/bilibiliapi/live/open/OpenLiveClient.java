package io.github.bilibiliapi.live.open;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.NetworkException;
import io.github.bilibiliapi.api.ResponseParseException;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * bilibili's live Open Platform ({@code live-open.biliapi.com}) for one app: starts games (场次) from an anchor's
 * identity code, keeps them alive and ends them. Every request is a JSON {@code POST} signed with the {@code x-bili-*}
 * headers ({@link OpenLiveSigner}) and sent once through the context's client, so it runs on any backend and follows
 * the context's host redirection; no cookies are sent.
 *
 * <pre>{@code
 * OpenLiveClient open = OpenLiveClient.builder(context, appId, accessKeyId, accessKeySecret).build();
 * LiveDanmaku room = open.danmaku(identityCode).build();   // start, WebSocket, heartbeats, end on disconnect
 * room.on("DANMU_MSG", e -> System.out.println(e.danmu().uname() + ": " + e.danmu().text()));
 * room.connect().join();
 * ...
 * room.disconnect().join();
 * open.close();                                             // ends what is still running
 * }</pre>
 *
 * <p><b>Heartbeats.</b> A game that {@link #start} returned is kept alive until {@link #end} or {@link #close}: every
 * {@linkplain Builder#heartbeatInterval heartbeat interval} (20 s) one {@code /v2/app/heartbeat}, or, while several
 * games run, one {@code /v2/app/batchHeartbeat} per 200 of them. A game the platform reports as not running (7000,
 * 7003, or listed in {@code failed_game_ids}) is dropped and the {@linkplain #onGameLost listeners} are told.
 *
 * <p>Nothing is retried: a failed call fails its future with an {@link OpenLiveException} (the documented codes as a
 * {@link OpenLiveException.Kind}), a {@link NetworkException} for a non-200 status, or the client's exception. The
 * access key secret and identity codes are in no message, log line or {@code toString}.
 */
public final class OpenLiveClient implements AutoCloseable {

    /** The Open Platform's host, as bilibili's documentation names it. */
    public static final String BASE_URL = "https://live-open.biliapi.com";
    /** Start a game. */
    public static final String START = "/v2/app/start";
    /** Keep one game alive. */
    public static final String HEARTBEAT = "/v2/app/heartbeat";
    /** Keep up to {@value #MAX_BATCH} games alive. */
    public static final String BATCH_HEARTBEAT = "/v2/app/batchHeartbeat";
    /** End a game. */
    public static final String END = "/v2/app/end";
    /** The most game ids one batch heartbeat may carry (more answers 7004). */
    public static final int MAX_BATCH = 200;

    private static final Logger LOG = LoggerFactory.getLogger(OpenLiveClient.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BiliContext context;
    private final long appId;
    private final OpenLiveSigner signer;
    private final Duration heartbeatInterval;
    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final List<Consumer<String>> lostListeners = new CopyOnWriteArrayList<>();
    private ScheduledFuture<?> heartbeatTask; // guarded by this
    private boolean closed; // guarded by this

    private OpenLiveClient(Builder b) {
        this.context = b.context;
        this.appId = b.appId;
        this.signer = new OpenLiveSigner(b.accessKeyId, b.accessKeySecret);
        this.heartbeatInterval = b.heartbeatInterval;
        if (b.scheduler != null) {
            this.scheduler = b.scheduler;
            this.ownScheduler = false;
        } else {
            ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "bili-open-live-heartbeat");
                t.setDaemon(true);
                return t;
            });
            own.setRemoveOnCancelPolicy(true);
            // the thread ends while no game runs (the heartbeat task is cancelled then)
            own.setKeepAliveTime(10, TimeUnit.SECONDS);
            own.allowCoreThreadTimeOut(true);
            this.scheduler = own;
            this.ownScheduler = true;
        }
    }

    /**
     * Starts a builder.
     *
     * @param context         the context whose client, host redirection and User-Agent are used
     * @param appId           the project id (项目ID)
     * @param accessKeyId     the app's access key id
     * @param accessKeySecret the app's access key secret
     * @return the builder
     * @throws IllegalArgumentException if {@code appId} is not positive or a key is blank
     * @throws NullPointerException     if {@code context} is null
     */
    public static Builder builder(BiliContext context, long appId, String accessKeyId, String accessKeySecret) {
        return new Builder(context, appId, accessKeyId, accessKeySecret);
    }

    /**
     * The project id.
     *
     * @return the app id
     */
    public long appId() {
        return appId;
    }

    /**
     * The context requests go through.
     *
     * @return the context
     */
    public BiliContext context() {
        return context;
    }

    /**
     * Starts a game for the anchor whose identity code this is, and keeps it alive from now on.
     *
     * @param identityCode the anchor's identity code (身份码)
     * @return the game; fails with {@link OpenLiveException} ({@link OpenLiveException.Kind#IDENTITY_CODE} for a
     *         wrong code) or a transport error
     * @throws IllegalArgumentException if {@code identityCode} is blank (before any I/O)
     * @throws IllegalStateException    after {@link #close()}
     */
    public CompletableFuture<OpenLiveGame> start(String identityCode) {
        if (identityCode == null || identityCode.isBlank()) {
            throw new IllegalArgumentException("identityCode must not be blank");
        }
        checkOpen();
        ObjectNode body = JSON.createObjectNode().put("code", identityCode.trim()).put("app_id", appId);
        return post(START, body).thenApply(answer -> {
            OpenLiveGame game = parseGame(answer.path("data"));
            keepAlive(game.gameId());
            return game;
        });
    }

    /**
     * One heartbeat for a game (the client sends them by itself for games it started).
     *
     * @param gameId the game
     * @return completes when accepted; fails with {@link OpenLiveException} ({@link
     *         OpenLiveException.Kind#GAME_NOT_RUNNING} when it ended)
     * @throws IllegalArgumentException if {@code gameId} is blank
     */
    public CompletableFuture<Void> heartbeat(String gameId) {
        requireGameId(gameId);
        return post(HEARTBEAT, JSON.createObjectNode().put("game_id", gameId)).thenApply(a -> null);
    }

    /**
     * One batch heartbeat.
     *
     * @param gameIds 1 to {@value #MAX_BATCH} distinct game ids
     * @return the ids the platform did not keep alive ({@code failed_game_ids}), empty when all are running
     * @throws IllegalArgumentException if the list is empty, longer than {@value #MAX_BATCH}, has a duplicate or a
     *                                  blank id (before any I/O)
     */
    public CompletableFuture<List<String>> batchHeartbeat(Collection<String> gameIds) {
        Objects.requireNonNull(gameIds, "gameIds");
        if (gameIds.isEmpty() || gameIds.size() > MAX_BATCH) {
            throw new IllegalArgumentException("gameIds must hold 1 to " + MAX_BATCH + " ids, had " + gameIds.size());
        }
        if (new LinkedHashSet<>(gameIds).size() != gameIds.size()) {
            throw new IllegalArgumentException("gameIds must not contain duplicates");
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode ids = body.putArray("game_ids");
        gameIds.forEach(id -> ids.add(requireGameId(id)));
        return post(BATCH_HEARTBEAT, body).thenApply(answer -> {
            List<String> failed = new ArrayList<>();
            answer.path("data").path("failed_game_ids").forEach(n -> failed.add(n.asString("")));
            return List.copyOf(failed);
        });
    }

    /**
     * Ends a game and stops its heartbeats. A game that is already over (7000, 7003) counts as ended.
     *
     * @param gameId the game
     * @return completes when ended
     * @throws IllegalArgumentException if {@code gameId} is blank
     */
    public CompletableFuture<Void> end(String gameId) {
        requireGameId(gameId);
        running.remove(gameId);
        ObjectNode body = JSON.createObjectNode().put("app_id", appId).put("game_id", gameId);
        return post(END, body).handle((a, err) -> {
            if (err == null) {
                return null;
            }
            Throwable cause = unwrap(err);
            if (cause instanceof OpenLiveException o && o.kind() == OpenLiveException.Kind.GAME_NOT_RUNNING) {
                return null;
            }
            throw cause instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(cause);
        });
    }

    /**
     * Whether this client keeps the game alive (started here, not ended, not reported lost).
     *
     * @param gameId the game
     * @return whether it is running
     */
    public boolean isRunning(String gameId) {
        return gameId != null && running.contains(gameId);
    }

    /**
     * Tells {@code listener} the id of every game the platform reports as no longer running.
     *
     * @param listener called on the heartbeat thread; must not block
     * @return this
     */
    public OpenLiveClient onGameLost(Consumer<String> listener) {
        lostListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Removes a listener added with {@link #onGameLost}.
     *
     * @param listener the listener
     */
    public void removeGameLostListener(Consumer<String> listener) {
        lostListeners.remove(listener);
    }

    /**
     * A danmaku connection in Open Platform mode: {@code connect()} starts a game with the identity code, opens a
     * {@code wss_link} address with the game's auth body, and {@code disconnect()} ends the game. Its events are the
     * web protocol's types and views ({@code LIVE_OPEN_PLATFORM_DM} arrives as {@code DANMU_MSG} and so on).
     *
     * @param identityCode the anchor's identity code
     * @return the builder of the connection
     * @throws IllegalArgumentException if {@code identityCode} is blank
     */
    public io.github.bilibiliapi.live.danmaku.LiveDanmaku.Builder danmaku(String identityCode) {
        return io.github.bilibiliapi.live.danmaku.LiveDanmaku.openPlatform(this, identityCode);
    }

    /** Ends every running game (waits up to 5 s) and stops the heartbeats; the client cannot be used afterwards. */
    @Override
    public void close() {
        List<String> games;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (heartbeatTask != null) {
                heartbeatTask.cancel(false);
            }
            games = new ArrayList<>(running);
        }
        CompletableFuture<?>[] ends = games.stream().map(g -> end(g).exceptionally(e -> {
            LOG.warn("open live: ending game {} on close failed: {}", g, unwrap(e).getMessage());
            return null;
        })).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(ends).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("open live: not every game ended within 5 s of close()");
        }
        if (ownScheduler) {
            scheduler.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "OpenLiveClient[appId=" + appId + ", " + signer + ", running=" + running.size() + "]";
    }

    // ------------------------------------------------------------------ heartbeats

    private void keepAlive(String gameId) {
        synchronized (this) {
            if (closed) {
                return;
            }
            running.add(gameId);
            if (heartbeatTask == null) {
                long every = heartbeatInterval.toNanos();
                heartbeatTask = scheduler.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.NANOSECONDS);
            }
        }
    }

    private void beat() {
        List<String> games;
        synchronized (this) {
            games = new ArrayList<>(running);
            if (games.isEmpty() && heartbeatTask != null) {
                heartbeatTask.cancel(false); // restarted by the next start()
                heartbeatTask = null;
            }
        }
        if (games.isEmpty()) {
            return;
        }
        if (games.size() == 1) {
            String g = games.get(0);
            heartbeat(g).whenComplete((v, err) -> {
                if (err != null) {
                    onHeartbeatFailure(List.of(g), err);
                }
            });
            return;
        }
        for (int i = 0; i < games.size(); i += MAX_BATCH) {
            List<String> chunk = games.subList(i, Math.min(games.size(), i + MAX_BATCH));
            batchHeartbeat(chunk).whenComplete((failed, err) -> {
                if (err != null) {
                    onHeartbeatFailure(chunk, err);
                } else {
                    failed.forEach(this::lost);
                }
            });
        }
    }

    private void onHeartbeatFailure(List<String> games, Throwable err) {
        Throwable cause = unwrap(err);
        if (cause instanceof OpenLiveException o && o.kind() == OpenLiveException.Kind.GAME_NOT_RUNNING
                && games.size() == 1) {
            lost(games.get(0));
            return;
        }
        // the next beat tries again; the platform allows 60 s without one
        LOG.warn("open live: heartbeat for {} game(s) failed: {}", games.size(), cause.getMessage());
    }

    private void lost(String gameId) {
        if (!running.remove(gameId)) {
            return;
        }
        LOG.warn("open live: game {} is no longer running on the platform", gameId);
        for (Consumer<String> l : lostListeners) {
            try {
                l.accept(gameId);
            } catch (RuntimeException e) {
                LOG.warn("open live: a game-lost listener threw", e);
            }
        }
    }

    // ------------------------------------------------------------------ requests

    private CompletableFuture<JsonNode> post(String path, ObjectNode body) {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        String url = context.resolveUrl(BASE_URL + path);
        BiliApiRequest.Builder b = BiliApiRequest.post(url).header("User-Agent", context.settings().userAgent())
                .body(new String(bytes, StandardCharsets.UTF_8)).allowRedirects(false);
        signer.headers(bytes).forEach(b::header);
        CompletableFuture<BiliApiResponse> sent;
        try {
            sent = context.client().request(b.build());
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.thenApply(response -> parse(path, response));
    }

    private static JsonNode parse(String path, BiliApiResponse response) {
        if (response.code() != 200) {
            throw new NetworkException(response.code(), BASE_URL + path, response.excerpt(200));
        }
        JsonNode root;
        try {
            root = JSON.readTree(response.raw());
        } catch (JacksonException e) {
            throw new ResponseParseException("Open Platform " + path + " answered with a body that is not JSON");
        }
        if (root == null || !root.isObject() || !root.path("code").isIntegralNumber()) {
            throw new ResponseParseException("Open Platform " + path + " answered without a numeric code");
        }
        int code = root.path("code").asInt();
        if (code != 0) {
            throw new OpenLiveException(code, root.path("message").asString(""), path, root);
        }
        return root;
    }

    static OpenLiveGame parseGame(JsonNode d) {
        String gameId = d.path("game_info").path("game_id").asString("");
        JsonNode ws = d.path("websocket_info");
        String authBody = ws.path("auth_body").asString("");
        List<String> links = new ArrayList<>();
        ws.path("wss_link").forEach(n -> {
            String s = n.asString("");
            if (s.startsWith("wss://") || s.startsWith("ws://")) {
                links.add(s);
            }
        });
        if (gameId.isEmpty() || authBody.isEmpty() || links.isEmpty()) {
            throw new ResponseParseException("Open Platform " + START + " answer lacks game_info.game_id, "
                    + "websocket_info.auth_body or websocket_info.wss_link (an app that is not published yet gets no"
                    + " game id)");
        }
        JsonNode a = d.path("anchor_info");
        OpenLiveGame.Anchor anchor = new OpenLiveGame.Anchor(a.path("room_id").asLong(0), a.path("uid").asLong(0),
                a.path("open_id").asString(""), a.path("uname").asString(""), a.path("uface").asString(""));
        return new OpenLiveGame(gameId, anchor, links, authBody);
    }

    private void checkOpen() {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("this OpenLiveClient is closed");
            }
        }
    }

    private static String requireGameId(String gameId) {
        if (gameId == null || gameId.isBlank()) {
            throw new IllegalArgumentException("gameId must not be blank");
        }
        return gameId;
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Options of an {@link OpenLiveClient}. */
    public static final class Builder {
        private final BiliContext context;
        private final long appId;
        private final String accessKeyId;
        private final String accessKeySecret;
        private Duration heartbeatInterval = Duration.ofSeconds(20);
        private ScheduledExecutorService scheduler;

        Builder(BiliContext context, long appId, String accessKeyId, String accessKeySecret) {
            this.context = Objects.requireNonNull(context, "context");
            if (appId <= 0) {
                throw new IllegalArgumentException("appId must be positive, was " + appId);
            }
            if (accessKeyId == null || accessKeyId.isBlank()) {
                throw new IllegalArgumentException("accessKeyId must not be blank");
            }
            if (accessKeySecret == null || accessKeySecret.isBlank()) {
                throw new IllegalArgumentException("accessKeySecret must not be blank");
            }
            this.appId = appId;
            this.accessKeyId = accessKeyId;
            this.accessKeySecret = accessKeySecret;
        }

        /**
         * How often running games get a heartbeat (default 20 s; the platform closes a game after 60 s without).
         *
         * @param interval positive, at most 60 s
         * @return this
         */
        public Builder heartbeatInterval(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero()
                    || interval.compareTo(Duration.ofSeconds(60)) > 0) {
                throw new IllegalArgumentException("heartbeatInterval must be positive and at most 60 s, was "
                        + interval);
            }
            this.heartbeatInterval = interval;
            return this;
        }

        /**
         * Runs the heartbeats on your scheduler instead of a daemon thread of the client's own (not shut down by
         * {@link OpenLiveClient#close()}).
         *
         * @param scheduler the scheduler
         * @return this
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Builds the client.
         *
         * @return the client
         */
        public OpenLiveClient build() {
            return new OpenLiveClient(this);
        }

        @Override
        public String toString() {
            return "OpenLiveClient.Builder[appId=" + appId + ", accessKeyId=" + accessKeyId
                    + ", accessKeySecret=<hidden>]";
        }
    }
}
