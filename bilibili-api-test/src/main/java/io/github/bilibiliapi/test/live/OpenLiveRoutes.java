package io.github.bilibiliapi.test.live;

import io.github.bilibiliapi.test.RouteRegistry;
import io.github.bilibiliapi.test.RouteRequest;
import io.github.bilibiliapi.test.ServerContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The live Open Platform ({@code live-open.biliapi.com}): {@code POST /v2/app/start}, {@code /v2/app/heartbeat},
 * {@code /v2/app/batchHeartbeat}, {@code /v2/app/end}, and the {@code "group":"open"} auth on {@code /sub}.
 *
 * <p>Every request is checked the way the platform documents it, with this class's own HMAC code: {@code
 * Content-Type} and {@code Accept} {@code application/json} (4011, 4013), a known {@code x-bili-accesskeyid} (4001),
 * method {@code HMAC-SHA256} (4005), version {@code 1.0} (4006), a timestamp within 10 minutes (4003), a nonce not
 * seen before (4004), the MD5 of the body (4012), and {@code Authorization} = hex HMAC-SHA256 over the six sorted
 * {@code name:value} lines (4002). Then: an unknown identity code answers 7007, a room already running a game of the
 * app 7002, an unknown or ended game 7003 (heartbeat) or 7000 (end), more than 200 ids 7004, a duplicate id 7005.
 * A game without a heartbeat for {@link #setHeartbeatTimeout the timeout} (60 s, as documented) ends: its sessions
 * get {@code LIVE_OPEN_PLATFORM_INTERACTION_END} and no further pushes.
 *
 * <p>Produced by the fake, not documented (see fixture {@code open_live}): the bodies of heartbeat, batch heartbeat
 * and end answers ({@code data} {@code {}}, and {@code failed_game_ids} for the batch, as third-party SDKs read it),
 * the error bodies beyond {@code code}/{@code message}/{@code request_id}, and the key inside the auth body.
 */
public final class OpenLiveRoutes {

    /** Start a game. */
    public static final String START = "/v2/app/start";
    /** One heartbeat. */
    public static final String HEARTBEAT = "/v2/app/heartbeat";
    /** A batch heartbeat. */
    public static final String BATCH_HEARTBEAT = "/v2/app/batchHeartbeat";
    /** End a game. */
    public static final String END = "/v2/app/end";
    /** The fake's app. */
    public static final long APP_ID = 1650000000001L;
    /** The fake app's access key id. */
    public static final String ACCESS_KEY_ID = "fakeAccessKeyId0001";
    /** The fake app's access key secret. */
    public static final String ACCESS_KEY_SECRET = "fakeAccessKeySecret00000000000001";
    /** An identity code of the anchor of {@link LiveModule#DEFAULT_ROOM_ID}. */
    public static final String IDENTITY_CODE = "FAKEIDCODE01";
    /** The anchor of {@link #IDENTITY_CODE}. */
    public static final long ANCHOR_UID = 50333369;
    /** Danmaku hosts in {@code wss_link}, as the platform names them (with the fake's HTTPS port). */
    public static final List<String> WSS_HOSTS = List.of("tx-sh-live-comet-03.chat.bilibili.com",
            "tx-gz-live-comet-05.chat.bilibili.com", "broadcastlv.chat.bilibili.com");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Long> identityCodes = new ConcurrentHashMap<>();
    private final Map<String, Game> games = new ConcurrentHashMap<>();
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();
    private final AtomicLong starts = new AtomicLong();
    private final AtomicLong heartbeats = new AtomicLong();
    private final AtomicLong batchHeartbeats = new AtomicLong();
    private final AtomicLong ends = new AtomicLong();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private volatile Duration heartbeatTimeout = Duration.ofSeconds(60);
    private ServerContext ctx;

    OpenLiveRoutes() {
        identityCodes.put(IDENTITY_CODE, LiveModule.DEFAULT_ROOM_ID);
    }

    void register(RouteRegistry routes, ServerContext context) {
        this.ctx = context;
        routes.post(START, (req, res) -> handle(req, res, this::start))
                .post(HEARTBEAT, (req, res) -> handle(req, res, this::heartbeat))
                .post(BATCH_HEARTBEAT, (req, res) -> handle(req, res, this::batchHeartbeat))
                .post(END, (req, res) -> handle(req, res, this::end));
    }

    // ------------------------------------------------------------------ configuration and inspection

    /** Adds an identity code for the anchor of a room. */
    public OpenLiveRoutes addIdentityCode(String code, long roomId) {
        identityCodes.put(code, roomId);
        return this;
    }

    /**
     * After how long without a heartbeat a game ends (default 60 s). Requests and inspection apply it at once; the
     * pushed {@code LIVE_OPEN_PLATFORM_INTERACTION_END} follows the timeout in force when the game started.
     */
    public OpenLiveRoutes setHeartbeatTimeout(Duration timeout) {
        this.heartbeatTimeout = timeout;
        return this;
    }

    /** Games started and not ended. */
    public List<String> runningGames() {
        games.values().forEach(this::refreshExpiry);
        return games.values().stream().filter(g -> g.running).map(g -> g.id).toList();
    }

    /** Start, heartbeat, batch heartbeat and end requests accepted so far. */
    public long starts() {
        return starts.get();
    }

    /** Accepted single heartbeats. */
    public long heartbeats() {
        return heartbeats.get();
    }

    /** Accepted batch heartbeats. */
    public long batchHeartbeats() {
        return batchHeartbeats.get();
    }

    /** Accepted ends. */
    public long ends() {
        return ends.get();
    }

    /** The codes and reasons of refused requests, in order ({@code "4002 /v2/app/start: ..."}). */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    /** Authenticated {@code /sub} sessions of a game. */
    public int sessions(String gameId) {
        Game g = games.get(gameId);
        return g == null ? 0 : g.sessions.size();
    }

    /**
     * Pushes {@code LIVE_OPEN_PLATFORM_*} messages to every session of every running game of a room, in one frame.
     *
     * @return how many sessions it reached
     */
    public int push(long roomId, LiveModule.Compression compression, List<String> messages) {
        List<byte[]> packets = messages.stream().map(LivePackets::message).toList();
        byte[] frame = switch (compression) {
            case NONE -> LivePackets.concat(packets);
            case ZLIB -> LivePackets.zlibBatch(packets);
            case BROTLI -> LivePackets.brotliBatch(packets);
        };
        int n = 0;
        for (Game g : games.values()) {
            refreshExpiry(g);
            if (g.running && g.roomId == roomId) {
                for (Consumer<byte[]> s : g.sessions) {
                    s.accept(frame);
                    n++;
                }
            }
        }
        return n;
    }

    /** Ends a game as the platform does after missed heartbeats, whatever its last heartbeat. */
    public void expire(String gameId) {
        Game g = games.get(gameId);
        if (g != null) {
            stop(g, true);
        }
    }

    // ------------------------------------------------------------------ /sub

    /** Whether an auth body is the Open Platform's ({@code "group":"open"}). */
    static boolean isOpenAuth(JsonNode auth) {
        return auth.isObject() && "open".equals(auth.path("group").asString(""));
    }

    /**
     * Checks an Open Platform auth body: its key must be a running game's and the rest as handed out.
     *
     * @param send where the session's frames go once accepted
     * @return {@code null} when accepted, else why not
     */
    String authorize(JsonNode auth, Consumer<byte[]> send) {
        String key = auth.path("key").asString("");
        for (Game g : games.values()) {
            if (g.key.equals(key)) {
                if (!g.running) {
                    return "open auth for a game that ended";
                }
                if (auth.path("roomid").asLong(-1) != g.roomId || auth.path("protover").asInt(-1) != 2) {
                    return "open auth body differs from the one handed out";
                }
                g.sessions.add(send);
                return null;
            }
        }
        return "open auth with an unknown key";
    }

    // ------------------------------------------------------------------ REST

    private interface Op {
        ObjectNode run(JsonNode body, String accessKeyId) throws Refusal;
    }

    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;

        Refusal(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private Publisher<Void> handle(RouteRequest req, HttpServerResponse res, Op op) {
        return req.body().flatMap(body -> {
            ObjectNode answer;
            try {
                String keyId = verify(req, body);
                JsonNode parsed;
                try {
                    parsed = json.readTree(body);
                } catch (JacksonException e) {
                    throw new Refusal(4000, "参数错误");
                }
                if (parsed == null || !parsed.isObject()) {
                    throw new Refusal(4000, "参数错误");
                }
                answer = envelope(0, "0");
                answer.set("data", op.run(parsed, keyId));
            } catch (Refusal r) {
                refusals.add(r.code + " " + req.path() + ": " + r.getMessage());
                answer = envelope(r.code, r.getMessage());
                answer.putObject("data");
            }
            byte[] bytes = answer.toString().getBytes(StandardCharsets.UTF_8);
            // the platform answers HTTP 200 for business errors too
            return res.status(200).header("Content-Type", "application/json; charset=utf-8")
                    .header("Content-Length", Integer.toString(bytes.length)).sendByteArray(Mono.just(bytes)).then();
        });
    }

    private ObjectNode envelope(int code, String message) {
        return json.createObjectNode().put("code", code).put("message", message)
                .put("request_id", Long.toString(Math.abs(RANDOM.nextLong())));
    }

    /** The signature check; answers the access key id. */
    private String verify(RouteRequest req, byte[] body) throws Refusal {
        if (!mediaTypeIsJson(req.header("Content-Type"))) {
            throw new Refusal(4011, "Content-Type不为application/json");
        }
        if (!mediaTypeIsJson(req.header("Accept"))) {
            throw new Refusal(4013, "Accept不为application/json");
        }
        String keyId = req.header("x-bili-accesskeyid");
        if (!ACCESS_KEY_ID.equals(keyId)) {
            throw new Refusal(4001, "应用无效");
        }
        if (!"HMAC-SHA256".equals(req.header("x-bili-signature-method"))) {
            throw new Refusal(4005, "签名method异常");
        }
        if (!"1.0".equals(req.header("x-bili-signature-version"))) {
            throw new Refusal(4006, "版本异常");
        }
        long ts;
        try {
            ts = Long.parseLong(String.valueOf(req.header("x-bili-timestamp")));
        } catch (NumberFormatException e) {
            throw new Refusal(4003, "请求过期");
        }
        if (Math.abs(System.currentTimeMillis() / 1000 - ts) > 600) {
            throw new Refusal(4003, "请求过期");
        }
        String nonce = req.header("x-bili-signature-nonce");
        if (nonce == null || nonce.isEmpty()) {
            throw new Refusal(4002, "签名异常");
        }
        String md5 = hex(digest("MD5", body));
        if (!md5.equals(req.header("x-bili-content-md5"))) {
            throw new Refusal(4012, "MD5校验失败");
        }
        String[] names = {"x-bili-accesskeyid", "x-bili-content-md5", "x-bili-signature-method",
            "x-bili-signature-nonce", "x-bili-signature-version", "x-bili-timestamp"};
        StringBuilder text = new StringBuilder();
        for (String n : names) { // already in dictionary order
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(n).append(':').append(req.header(n));
        }
        String expected = hmacSha256Hex(ACCESS_KEY_SECRET, text.toString());
        String given = req.header("Authorization");
        if (given == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII))) {
            throw new Refusal(4002, "签名异常");
        }
        // a nonce counts once the request is authentic, so that a forged request cannot burn one
        if (!nonces.add(nonce)) {
            throw new Refusal(4004, "重复请求");
        }
        return keyId;
    }

    private static boolean mediaTypeIsJson(String value) {
        return value != null && value.toLowerCase(Locale.ROOT).split(";")[0].trim().equals("application/json");
    }

    private ObjectNode start(JsonNode body, String keyId) throws Refusal {
        if (!body.path("code").isString() || !body.path("app_id").isIntegralNumber()) {
            throw new Refusal(4000, "参数错误");
        }
        if (body.path("app_id").asLong() != APP_ID) {
            throw new Refusal(8002, "项目无权限访问");
        }
        Long roomId = identityCodes.get(body.path("code").asString());
        if (roomId == null) {
            throw new Refusal(7007, "身份码错误");
        }
        synchronized (this) {
            for (Game g : games.values()) {
                refreshExpiry(g);
                if (g.running && g.roomId == roomId) {
                    throw new Refusal(7002, "房间重复游戏");
                }
            }
            byte[] raw = new byte[96];
            RANDOM.nextBytes(raw);
            Game g = new Game(UUID.randomUUID().toString(), roomId, Base64.getEncoder().encodeToString(raw));
            games.put(g.id, g);
            starts.incrementAndGet();
            scheduleExpiry(g);
            int port = URI.create(ctx.httpsBaseUrl()).getPort();
            ObjectNode d = json.createObjectNode();
            d.putObject("anchor_info").put("room_id", roomId).put("uface", "http://i0.hdslb.com/bfs/face/fake.jpg")
                    .put("uid", ANCHOR_UID).put("open_id", "open-" + ANCHOR_UID).put("uname", "fake anchor");
            d.putObject("game_info").put("game_id", g.id);
            ObjectNode auth = json.createObjectNode().put("roomid", roomId).put("protover", 2)
                    .put("uid", 1081499745).put("key", g.key).put("group", "open");
            ObjectNode ws = d.putObject("websocket_info");
            ws.put("auth_body", auth.toString());
            ArrayNode links = ws.putArray("wss_link");
            WSS_HOSTS.forEach(h -> links.add("wss://" + h + ":" + port + "/sub"));
            return d;
        }
    }

    private ObjectNode heartbeat(JsonNode body, String keyId) throws Refusal {
        String id = body.path("game_id").asString("");
        if (id.isEmpty()) {
            throw new Refusal(4000, "参数错误");
        }
        Game g = running(id);
        if (g == null) {
            throw new Refusal(7003, "心跳过期");
        }
        g.lastBeat = System.nanoTime();
        heartbeats.incrementAndGet();
        return json.createObjectNode();
    }

    private ObjectNode batchHeartbeat(JsonNode body, String keyId) throws Refusal {
        JsonNode ids = body.path("game_ids");
        if (!ids.isArray() || ids.isEmpty()) {
            throw new Refusal(4000, "参数错误");
        }
        if (ids.size() > 200) {
            throw new Refusal(7004, "批量心跳超过最大值");
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode n : ids) {
            if (!seen.add(n.asString(""))) {
                throw new Refusal(7005, "批量心跳ID重复");
            }
        }
        ObjectNode d = json.createObjectNode();
        ArrayNode failed = d.putArray("failed_game_ids");
        for (String id : seen) {
            Game g = running(id);
            if (g == null) {
                failed.add(id);
            } else {
                g.lastBeat = System.nanoTime();
            }
        }
        batchHeartbeats.incrementAndGet();
        return d;
    }

    private ObjectNode end(JsonNode body, String keyId) throws Refusal {
        String id = body.path("game_id").asString("");
        if (id.isEmpty() || !body.path("app_id").isIntegralNumber()) {
            throw new Refusal(4000, "参数错误");
        }
        if (body.path("app_id").asLong() != APP_ID) {
            throw new Refusal(8002, "项目无权限访问");
        }
        Game g = running(id);
        if (g == null) {
            throw new Refusal(7000, "不在游戏内");
        }
        stop(g, false);
        ends.incrementAndGet();
        return json.createObjectNode();
    }

    // ------------------------------------------------------------------ games

    private static final class Game {
        final String id;
        final long roomId;
        final String key;
        final List<Consumer<byte[]>> sessions = new CopyOnWriteArrayList<>();
        volatile long lastBeat = System.nanoTime();
        volatile boolean running = true;

        Game(String id, long roomId, String key) {
            this.id = id;
            this.roomId = roomId;
            this.key = key;
        }
    }

    private Game running(String id) {
        Game g = games.get(id);
        if (g == null) {
            return null;
        }
        refreshExpiry(g);
        return g.running ? g : null;
    }

    private void refreshExpiry(Game g) {
        if (g.running && System.nanoTime() - g.lastBeat > heartbeatTimeout.toNanos()) {
            stop(g, true);
        }
    }

    /** Checks again when the game would time out. */
    private void scheduleExpiry(Game g) {
        long left = heartbeatTimeout.toNanos() - (System.nanoTime() - g.lastBeat);
        ctx.delay(Duration.ofNanos(Math.max(1_000_000, left + 1_000_000))).subscribe(null, null, () -> {
            refreshExpiry(g);
            if (g.running) {
                scheduleExpiry(g);
            }
        });
    }

    private void stop(Game g, boolean timedOut) {
        synchronized (g) {
            if (!g.running) {
                return;
            }
            g.running = false;
        }
        if (timedOut) {
            // the platform tells the game's connections, then stops pushing
            String end = json.createObjectNode().put("cmd", "LIVE_OPEN_PLATFORM_INTERACTION_END")
                    .set("data", json.createObjectNode().put("game_id", g.id).put("timestamp",
                            System.currentTimeMillis() / 1000)).toString();
            byte[] frame = LivePackets.message(end);
            new ArrayList<>(g.sessions).forEach(s -> s.accept(frame));
        }
        g.sessions.clear();
    }

    // ------------------------------------------------------------------ the fake's own crypto

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hmacSha256Hex(String key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return hex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }
}
