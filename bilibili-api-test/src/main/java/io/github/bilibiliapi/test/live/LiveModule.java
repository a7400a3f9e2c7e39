package io.github.bilibiliapi.test.live;

import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.RouteRegistry;
import io.github.bilibiliapi.test.RouteRequest;
import io.github.bilibiliapi.test.ServerContext;
import io.github.bilibiliapi.test.ServerModule;
import io.github.bilibiliapi.test.bilibili.FakeBilibiliState;
import io.github.bilibiliapi.test.bilibili.WbiVerdict;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fake's live rooms: {@code room_init}, {@code getDanmuInfo} and the danmaku WebSocket {@code /sub}.
 *
 * <ul>
 * <li>{@code GET /room/v1/Room/room_init?id=N} — resolves a short (display) id to the real room id; unknown rooms
 * answer code 60004. Rooms: {@link #DEFAULT_SHORT_ID} → {@link #DEFAULT_ROOM_ID} (the fixture's room) and
 * {@link #VECTOR_ROOM_ID} (real, no short id); add more with {@link #addRoom}.</li>
 * <li>{@code GET /xlive/web-room/v1/index/getDanmuInfo?id=REAL&type=0&web_location=444.8&w_rid&wts} — needs a valid WBI
 * signature and an activated {@code buvid3} cookie (checked with the {@link FakeBilibiliState} when one is given;
 * otherwise only their presence), else code -352 like the real site. Hands out a random token that it remembers
 * together with the room, the User-Agent and the buvid3; host_list names bilibili's danmaku hosts with the fake's
 * ports ({@code port}, {@code ws_port} = HTTP port, {@code wss_port} = HTTPS port), reached through the client's host
 * redirection.</li>
 * <li>WebSocket {@code /sub} — requires the auth packet (op 7) within {@link #setAuthTimeout auth timeout} (5 s),
 * checks it (token handed out for that room, same User-Agent and buvid, {@code protover}, {@code platform},
 * {@code type}), answers op 8 {@code {"code":0}} (or {@code -101} and closes), replies to heartbeats (op 2) with an
 * op 3 popularity followed by bilibili's stray {@code "[object Object]"} bytes, pushes scripted frames; can drop every
 * connection, send garbage, stall or reject auth. A non-zero auth {@code uid} must be the account whose SESSDATA
 * fetched the token; anonymous sessions get {@code LOG_IN_NOTICE} and masked names after
 * {@link #setLoginNoticeAfter}.</li>
 * <li>{@code POST /msg/send} — sending danmaku, see {@link LiveSendRoutes}.</li>
 * <li>The live Open Platform's {@code /v2/app/*} and its {@code "group":"open"} auth on {@code /sub}, see
 * {@link OpenLiveRoutes}.</li>
 * </ul>
 * All methods are thread-safe.
 */
public final class LiveModule implements ServerModule {

    /** Path of room_init (api.live.bilibili.com). */
    public static final String ROOM_INIT = "/room/v1/Room/room_init";
    /** Path of getDanmuInfo (api.live.bilibili.com). */
    public static final String DANMU_INFO = "/xlive/web-room/v1/index/getDanmuInfo";
    /** Path of the danmaku WebSocket. */
    public static final String SUB = "/sub";
    /** Short id of the room_init fixture's room. */
    public static final long DEFAULT_SHORT_ID = 76;
    /** Real id of the room_init fixture's room. */
    public static final long DEFAULT_ROOM_ID = 14073662;
    /** The room of the auth test vector; it has no short id. */
    public static final long VECTOR_ROOM_ID = 22637261;
    /** Host names in host_list, as bilibili sends them. */
    public static final List<String> HOSTS = List.of("zj-cn-live-comet.chat.bilibili.com",
            "bd-bj-live-comet-09.chat.bilibili.com", "broadcastlv.chat.bilibili.com");
    /** The fixtures of {@code live_msg}, as shipped in this module's resources. */
    public static final List<String> FIXTURE_NAMES = List.of("COMBO_SEND.json", "DANMU_MSG.json",
            "DANMU_MSG_cmd_suffix_4-0-2-2-2-0.from_blive-message-listener.json", "ENTRY_EFFECT.json", "GUARD_BUY.json",
            "INTERACT_WORD.json", "INTERACT_WORD_V2.json", "LIVE.json", "LOG_IN_NOTICE.json", "NOTICE_MSG.json",
            "ONLINE_RANK_COUNT.json", "PREPARING.json", "SEND_GIFT.json", "SUPER_CHAT_MESSAGE.json",
            "WATCHED_CHANGE.json");

    /** How a batch of messages is put on the wire. */
    public enum Compression {
        /** protover 0: the packets back to back in one frame. */
        NONE,
        /** protover 2: one zlib packet holding them. */
        ZLIB,
        /** protover 3: one brotli packet holding them. */
        BROTLI
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final FakeBilibiliState state;
    private final Map<Long, Long> shortToReal = new ConcurrentHashMap<>();
    private final Set<Long> realRooms = ConcurrentHashMap.newKeySet();
    private final Map<String, TokenGrant> tokens = new ConcurrentHashMap<>();
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();

    private volatile Duration authTimeout = Duration.ofSeconds(5);
    private volatile long popularity = 2466;
    private volatile boolean stalled;
    private volatile List<byte[]> afterAuth = List.of();
    private final AtomicInteger rejectAuths = new AtomicInteger();
    private volatile Duration loginNoticeAfter;
    private final AtomicLong loginNotices = new AtomicLong();
    private final AtomicLong loggedInTokens = new AtomicLong();

    private final AtomicLong sessionsOpened = new AtomicLong();
    private final AtomicLong authSuccesses = new AtomicLong();
    private final AtomicLong authFailures = new AtomicLong();
    private final AtomicLong heartbeats = new AtomicLong();
    private final AtomicLong danmuInfoRequests = new AtomicLong();
    private final AtomicReference<JsonNode> lastAuth = new AtomicReference<>();
    private final AtomicReference<String> lastFailure = new AtomicReference<>("");

    private ServerContext ctx;
    private JsonMapper json;
    private final LiveSendRoutes sending;
    private final OpenLiveRoutes openLive = new OpenLiveRoutes();

    /**
     * A live module checking WBI signatures and buvid3 activation with {@code state}.
     *
     * @param state the fake's REST state, or {@code null} to check only that the signature and cookie are present
     */
    public LiveModule(FakeBilibiliState state) {
        this.state = state;
        shortToReal.put(DEFAULT_SHORT_ID, DEFAULT_ROOM_ID);
        realRooms.add(DEFAULT_ROOM_ID);
        realRooms.add(VECTOR_ROOM_ID);
        this.sending = new LiveSendRoutes(this, state);
    }

    @Override
    public void register(RouteRegistry routes, ServerContext context) {
        this.ctx = context;
        this.json = context.json();
        routes.get(ROOM_INIT, this::roomInit)
                .get(DANMU_INFO, this::danmuInfo)
                .ws(SUB, this::sub);
        sending.register(routes);
        openLive.register(routes, context);
    }

    /** The live Open Platform's routes and games ({@link OpenLiveRoutes}). */
    public OpenLiveRoutes openLive() {
        return openLive;
    }

    // ------------------------------------------------------------------ configuration and control

    /**
     * Adds a room.
     *
     * @param shortId the display id, or 0 for none
     * @param realId  the real id
     * @return this
     */
    public LiveModule addRoom(long shortId, long realId) {
        realRooms.add(realId);
        if (shortId > 0) {
            shortToReal.put(shortId, realId);
        }
        return this;
    }

    /** How long {@code /sub} waits for the auth packet before closing (default 5 s, like bilibili). */
    public LiveModule setAuthTimeout(Duration timeout) {
        this.authTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** The popularity carried by heartbeat replies. */
    public LiveModule setPopularity(long popularity) {
        this.popularity = popularity;
        return this;
    }

    /** While stalled, sessions read but answer nothing (no heartbeat replies, no pushes): a hung server. */
    public LiveModule setStalled(boolean stalled) {
        this.stalled = stalled;
        return this;
    }

    /** The next {@code n} auth packets are rejected with code -101 even if valid. */
    public LiveModule rejectNextAuths(int n) {
        rejectAuths.set(n);
        return this;
    }

    /** Forgets every token handed out: the next auth with an old token fails, as after a token expiry. */
    public LiveModule revokeTokens() {
        tokens.clear();
        return this;
    }

    /** Frames sent to every session right after its successful auth reply. */
    public LiveModule setAfterAuth(List<byte[]> frames) {
        this.afterAuth = List.copyOf(frames);
        return this;
    }

    /**
     * Sends one frame to every authenticated session (ignored while stalled).
     *
     * @return how many sessions it was sent to
     */
    public int broadcast(byte[] frame) {
        int n = 0;
        for (Session s : sessions) {
            if (s.authed && !stalled) {
                s.send(frame);
                n++;
            }
        }
        return n;
    }

    /** Sends messages as one frame: {@link Compression#NONE} packets back to back, or one compressed batch. */
    public int broadcastMessages(Compression compression, List<String> messages) {
        byte[] frame = frame(compression, messages);
        byte[] maskedFrame = null;
        int n = 0;
        for (Session s : sessions) {
            if (s.authed && !stalled) {
                if (s.masked) {
                    if (maskedFrame == null) {
                        JsonMapper mapper = json != null ? json : JsonMapper.builder().build();
                        maskedFrame = frame(compression, messages.stream()
                                .map(m -> LiveMasking.mask(mapper, m)).toList());
                    }
                    s.send(maskedFrame);
                } else {
                    s.send(frame);
                }
                n++;
            }
        }
        return n;
    }

    private static byte[] frame(Compression compression, List<String> messages) {
        List<byte[]> packets = messages.stream().map(LivePackets::message).toList();
        return switch (compression) {
            case NONE -> LivePackets.concat(packets);
            case ZLIB -> LivePackets.zlibBatch(packets);
            case BROTLI -> LivePackets.brotliBatch(packets);
        };
    }

    /**
     * After how long an anonymous session (auth {@code uid} 0, or a token fetched without login) gets
     * {@code LOG_IN_NOTICE}, after which {@link #broadcastMessages} masks other viewers' names and uids for it, as
     * bilibili does a few minutes into an anonymous connection. {@code null} (the default) never does; authenticated
     * sessions are never masked. Frames sent with {@link #broadcast(byte[])} are sent as they are.
     */
    public LiveModule setLoginNoticeAfter(Duration after) {
        this.loginNoticeAfter = after;
        return this;
    }

    // ------------------------------------------------------------------ sending (POST /msg/send)

    /** Danmaku accepted by {@code POST /msg/send} so far, in order. */
    public List<SentDanmaku> sentDanmaku() {
        return sending.sent();
    }

    /** The shortest interval between two messages of one account in one room; shorter answers 10031 (default 1 s). */
    public LiveModule setSendMinInterval(Duration interval) {
        sending.setMinInterval(Objects.requireNonNull(interval, "interval"));
        return this;
    }

    /** The length limit (characters) of an account; longer messages answer 1003212 (default 20 for everyone). */
    public LiveModule setSendLengthLimit(long mid, int limit) {
        sending.setLengthLimit(mid, limit);
        return this;
    }

    /** Mutes or unmutes an account: its messages are refused with the fake's muted answer. */
    public LiveModule setMuted(long mid, boolean muted) {
        sending.mute(mid, muted);
        return this;
    }

    boolean isRealRoom(long roomId) {
        return realRooms.contains(roomId);
    }

    /** Pushes an accepted danmaku to the sessions of its room, as bilibili echoes it to every viewer. */
    void pushDanmaku(long roomId, long mid, String msg, int color) {
        ObjectNode m = json.createObjectNode().put("cmd", "DANMU_MSG");
        ArrayNode info = m.putArray("info");
        ArrayNode meta = info.addArray();
        meta.add(0).add(1).add(25).add(color).add(System.currentTimeMillis()).add(0).add(0).add("").add(0).add(0)
                .add(0).add("").add(0).add("{}").add("{}");
        info.add(msg);
        info.addArray().add(mid).add("fake" + mid).add(0).add(0).add(0).add(10000).add(1).add("");
        info.addArray();
        byte[] frame = LivePackets.message(m.toString());
        for (Session s : sessions) {
            if (s.authed && s.roomId == roomId && !stalled) {
                s.send(frame);
            }
        }
    }

    /** LOG_IN_NOTICE messages sent so far. */
    public long loginNotices() {
        return loginNotices.get();
    }

    /** getDanmuInfo tokens handed out to a logged-in caller (valid SESSDATA) so far. */
    public long loggedInTokens() {
        return loggedInTokens.get();
    }

    /** Authenticated sessions whose auth carried the uid of the account that fetched the token. */
    public int loggedInSessions() {
        return (int) sessions.stream().filter(s -> s.authed && s.loggedIn).count();
    }

    /** Closes every session's TCP connection abruptly (no close frame), like a crashed server. */
    public int dropAll() {
        int n = 0;
        for (Session s : sessions) {
            s.drop();
            n++;
        }
        return n;
    }

    /** Ends every session with a WebSocket close frame (1000). */
    public int closeAll() {
        int n = 0;
        for (Session s : sessions) {
            s.end();
            n++;
        }
        return n;
    }

    /** Fixture messages of {@code live_msg} as compact JSON, in {@link #FIXTURE_NAMES} order. */
    public List<String> fixtureMessages() {
        List<String> out = new ArrayList<>();
        JsonMapper mapper = json != null ? json : JsonMapper.builder().build();
        for (String name : FIXTURE_NAMES) {
            try (InputStream in = LiveModule.class.getResourceAsStream("msg/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource msg/" + name);
                }
                out.add(mapper.readTree(in.readAllBytes()).toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Sessions currently open (authenticated or not). */
    public int openSessions() {
        return sessions.size();
    }

    /** Sessions currently authenticated. */
    public int authenticatedSessions() {
        return (int) sessions.stream().filter(s -> s.authed).count();
    }

    /** WebSocket sessions opened on {@code /sub} so far. */
    public long sessionsOpened() {
        return sessionsOpened.get();
    }

    /** Successful auths so far. */
    public long authSuccesses() {
        return authSuccesses.get();
    }

    /** Rejected auths so far (bad token, scripted rejection, malformed packet). */
    public long authFailures() {
        return authFailures.get();
    }

    /** Why the last auth (or getDanmuInfo) was rejected ({@code ""} if none was). Never contains the token. */
    public String lastAuthFailure() {
        return lastFailure.get();
    }

    /** Heartbeat packets received so far. */
    public long heartbeats() {
        return heartbeats.get();
    }

    /** getDanmuInfo requests so far (tokens handed out or refused). */
    public long danmuInfoRequests() {
        return danmuInfoRequests.get();
    }

    /** The JSON of the last accepted auth packet, or {@code null}. */
    public JsonNode lastAuth() {
        return lastAuth.get();
    }

    // ------------------------------------------------------------------ REST routes

    private Publisher<Void> roomInit(RouteRequest req, HttpServerResponse res) {
        long id = req.longParam("id", 0, 0, Long.MAX_VALUE);
        Long real = resolve(id);
        ObjectNode body = json.createObjectNode();
        if (real == null) {
            body.put("code", 60004).put("msg", "直播间不存在").put("message", "直播间不存在");
            body.putObject("data");
            return send(res, body);
        }
        long shortId = shortToReal.entrySet().stream().filter(e -> e.getValue() == real.longValue())
                .mapToLong(Map.Entry::getKey).findFirst().orElse(0);
        body.put("code", 0).put("msg", "ok").put("message", "ok");
        ObjectNode d = body.putObject("data");
        d.put("room_id", real).put("short_id", shortId).put("uid", 50333369).put("need_p2p", 0)
                .put("is_hidden", false).put("is_locked", false).put("is_portrait", false).put("live_status", 1)
                .put("hidden_till", 0).put("lock_till", 0).put("encrypted", false).put("pwd_verified", false)
                .put("live_time", 1602151186).put("room_shield", 1).put("is_sp", 0).put("special_type", 0);
        return send(res, body);
    }

    private Publisher<Void> danmuInfo(RouteRequest req, HttpServerResponse res) {
        danmuInfoRequests.incrementAndGet();
        String buvid3 = req.cookies().get("buvid3");
        String problem = null;
        if (state != null) {
            WbiVerdict v = state.verifyWbiAndBuvid3(req.rawQuery(), buvid3);
            if (!v.valid()) {
                problem = v.reason();
            }
        } else if (req.queryParam("w_rid") == null || req.queryParam("wts") == null) {
            problem = "wbi: not signed";
        } else if (buvid3 == null || buvid3.isEmpty()) {
            problem = "buvid3 missing";
        }
        if (problem == null && !"444.8".equals(req.queryParam("web_location"))) {
            problem = "web_location must be 444.8";
        }
        if (problem != null) {
            lastFailure.set("getDanmuInfo refused: " + problem);
            ObjectNode body = json.createObjectNode().put("code", -352).put("message", "-352").put("ttl", 1);
            return send(res, body);
        }
        long id = req.longParam("id", 0, 0, Long.MAX_VALUE);
        Long real = resolve(id);
        if (real == null || real != id) {
            // getDanmuInfo wants the real id; bilibili answers a generic error for anything else
            ObjectNode body = json.createObjectNode().put("code", 1002002).put("message", "参数错误").put("ttl", 1);
            return send(res, body);
        }
        byte[] raw = new byte[135];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        long mid = 0;
        if (state != null) {
            mid = state.accountForSessdata(req.cookies().get("SESSDATA")).map(a -> a.mid()).orElse(0L);
        } else if (req.cookies().get("SESSDATA") != null) {
            mid = -1; // without a state any SESSDATA counts as some account; the auth uid is then not checked
        }
        tokens.put(token, new TokenGrant(real, Objects.toString(req.header("User-Agent"), ""), buvid3, mid));
        if (mid != 0) {
            loggedInTokens.incrementAndGet();
        }
        int httpPort = URI.create(ctx.httpBaseUrl()).getPort();
        int httpsPort = URI.create(ctx.httpsBaseUrl()).getPort();
        ObjectNode body = json.createObjectNode().put("code", 0).put("message", "0").put("ttl", 1);
        ObjectNode d = body.putObject("data");
        d.put("group", "live").put("business_id", 0).put("refresh_row_factor", 0.125).put("refresh_rate", 100)
                .put("max_delay", 5000).put("token", token);
        ArrayNode hosts = d.putArray("host_list");
        for (String h : HOSTS) {
            hosts.addObject().put("host", h).put("port", httpPort).put("wss_port", httpsPort).put("ws_port", httpPort);
        }
        return send(res, body);
    }

    private Long resolve(long id) {
        Long real = shortToReal.get(id);
        if (real != null) {
            return real;
        }
        return realRooms.contains(id) ? id : null;
    }

    private static Publisher<Void> send(HttpServerResponse res, ObjectNode body) {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        return res.status(200).header("Content-Type", "application/json; charset=utf-8")
                .header("Content-Length", Integer.toString(bytes.length))
                .sendByteArray(Mono.just(bytes)).then();
    }

    // ------------------------------------------------------------------ /sub

    /** A token handed out by getDanmuInfo; {@code mid} is the logged-in account's, 0 for an anonymous caller. */
    private record TokenGrant(long roomId, String userAgent, String buvid3, long mid) {
    }

    private Publisher<Void> sub(RouteRequest req, WebsocketInbound in, WebsocketOutbound out) {
        Session s = new Session(Objects.toString(req.header("User-Agent"), ""));
        sessions.add(s);
        sessionsOpened.incrementAndGet();
        in.withConnection(c -> s.connection = c);
        Mono<Void> inbound = in.aggregateFrames(FakeBilibiliServer.MAX_WS_FRAME_PAYLOAD).receiveFrames()
                // copy inside onNext: Reactor Netty releases the frame right after it
                .map(f -> ByteBufUtil.getBytes(f.content()))
                .doOnNext(s::onFrame)
                .then();
        Mono<Void> outbound = out.sendObject(s.outbox.asFlux()
                .map(b -> (WebSocketFrame) new BinaryWebSocketFrame(Unpooled.wrappedBuffer(b)))).then();
        Mono<Void> authDeadline = ctx.delay(authTimeout).then(Mono.defer(() -> {
            if (s.authed) {
                return Mono.never();
            }
            authFailures.incrementAndGet();
            lastFailure.set("no auth packet within " + authTimeout.toMillis() + " ms");
            return Mono.empty();
        }));
        // the session ends when the client goes away, when the outbox completes (after flushing, so a final auth
        // reply still goes out), or when the auth deadline passes without auth
        return Mono.firstWithSignal(inbound, outbound, authDeadline)
                .doFinally(sig -> sessions.remove(s));
    }

    private final class Session {
        final String userAgent;
        final Sinks.Many<byte[]> outbox = Sinks.many().unicast().onBackpressureBuffer();
        volatile boolean authed;
        volatile boolean loggedIn;
        volatile boolean masked;
        volatile long roomId;
        volatile Connection connection;

        Session(String userAgent) {
            this.userAgent = userAgent;
        }

        synchronized void send(byte[] frame) {
            outbox.tryEmitNext(frame);
        }

        synchronized void end() {
            outbox.tryEmitComplete();
        }

        void drop() {
            Connection c = connection;
            if (c != null) {
                c.channel().close();
            } else {
                end();
            }
        }

        void onFrame(byte[] frame) {
            List<LivePackets.Packet> packets;
            try {
                packets = LivePackets.decode(frame);
            } catch (IllegalArgumentException e) {
                fail("malformed packet from client: " + e.getMessage());
                return;
            }
            for (LivePackets.Packet p : packets) {
                switch (p.op()) {
                    case LivePackets.OP_AUTH -> onAuth(p);
                    case LivePackets.OP_HEARTBEAT -> {
                        heartbeats.incrementAndGet();
                        if (authed && !stalled) {
                            send(LivePackets.heartbeatReply(popularity, true));
                        }
                    }
                    default -> {
                        // bilibili ignores what it does not understand
                    }
                }
            }
        }

        private void onAuth(LivePackets.Packet p) {
            if (authed) {
                return;
            }
            if (stalled) {
                return; // a hung server does not answer
            }
            JsonNode auth;
            try {
                auth = json.readTree(p.body());
            } catch (JacksonException e) {
                fail("auth body is not JSON");
                return;
            }
            if (OpenLiveRoutes.isOpenAuth(auth)) { // the Open Platform's auth body: checked against its games
                String refused = openLive.authorize(auth, this::send);
                if (refused != null) {
                    fail(refused);
                    return;
                }
                authed = true;
                authSuccesses.incrementAndGet();
                lastAuth.set(auth);
                send(LivePackets.authReply(0));
                return;
            }
            String problem = checkAuth(p, auth);
            if (problem == null && rejectAuths.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                problem = "scripted rejection";
            }
            if (problem != null) {
                fail(problem);
                return;
            }
            authed = true;
            authSuccesses.incrementAndGet();
            lastAuth.set(auth);
            send(LivePackets.authReply(0));
            for (byte[] f : afterAuth) {
                send(f);
            }
            Duration notice = loginNoticeAfter;
            if (!loggedIn && notice != null) {
                // bilibili tells anonymous sessions, then masks other viewers' names and uids from then on
                ctx.delay(notice).subscribe(null, null, () -> {
                    if (!masked) {
                        masked = true;
                        loginNotices.incrementAndGet();
                        send(LivePackets.message(LiveMasking.LOG_IN_NOTICE));
                    }
                });
            }
        }

        private String checkAuth(LivePackets.Packet p, JsonNode a) {
            if (p.protover() != 1) {
                return "auth packet protover " + p.protover() + ", expected 1";
            }
            if (!a.isObject()) {
                return "auth body is not an object";
            }
            TokenGrant grant = tokens.get(a.path("key").asString(""));
            if (grant == null) {
                return "unknown token";
            }
            if (!a.path("roomid").isIntegralNumber() || a.path("roomid").asLong() != grant.roomId()) {
                return "roomid " + a.path("roomid") + " is not the room the token was issued for";
            }
            if (!a.path("uid").isIntegralNumber()) {
                return "uid missing or not a number";
            }
            long uid = a.path("uid").asLong();
            // bilibili: a non-zero uid must be the mid whose cookies fetched the token, else the server disconnects
            if (uid != 0 && grant.mid() > 0 && uid != grant.mid()) {
                return "uid " + uid + " is not the account the token was issued to";
            }
            if (uid != 0 && grant.mid() == 0) {
                return "uid " + uid + " with a token fetched without login";
            }
            loggedIn = uid != 0;
            roomId = grant.roomId();
            if (a.path("protover").asInt(-1) != 3 && a.path("protover").asInt(-1) != 2) {
                return "protover must be 2 or 3";
            }
            if (!"web".equals(a.path("platform").asString("")) || a.path("type").asInt(-1) != 2) {
                return "platform must be web and type 2";
            }
            if (!Objects.equals(grant.buvid3(), a.path("buvid").asString(""))) {
                return "buvid is not the buvid3 the token was issued to";
            }
            if (!grant.userAgent().equals(userAgent)) {
                return "User-Agent differs from the one the token was issued to";
            }
            return null;
        }

        private void fail(String why) {
            authFailures.incrementAndGet();
            lastFailure.set(why);
            send(LivePackets.authReply(-101));
            end();
        }
    }
}
