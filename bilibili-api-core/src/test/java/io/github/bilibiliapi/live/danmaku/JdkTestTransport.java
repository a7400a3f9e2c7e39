package io.github.bilibiliapi.live.danmaku;

import io.github.bilibiliapi.client.BiliWsMessage;
import io.github.bilibiliapi.client.BiliWsMsgType;
import io.github.bilibiliapi.client.support.WsInbox;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link DanmakuTransport} straight over the JDK's HTTP client and WebSocket, against the fake's live module in its
 * lenient mode (no WBI keys or buvid activation needed). It tests the connection logic on real loopback sockets
 * independently of the Api layer and the backends; the backend-parameterized test covers the full path.
 */
final class JdkTestTransport implements DanmakuTransport, AutoCloseable {

    static final String UA = "DanmakuTest/1.0 (same UA for getDanmuInfo and /sub)";
    static final String BUVID3 = "E3B0C442-98FC-1C14-9AFB-F4C8996FB92427837infoc";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "jdk-test-transport");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().executor(executor).build();
    private final String httpBase;
    private final String wsBase;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, Socket> sockets = new ConcurrentHashMap<>();
    final AtomicInteger opened = new AtomicInteger();
    final List<String> openedUrls = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile String userAgentForWs = UA;
    /** Host names whose connection attempts fail, to test failover. */
    final java.util.Set<String> refuseHosts = ConcurrentHashMap.newKeySet();
    /** Set to answer the next receive with null: a message the connection's receive step cannot read. */
    final AtomicBoolean unreadableNextReceive = new AtomicBoolean();

    JdkTestTransport(String httpBase) {
        this.httpBase = httpBase;
        this.wsBase = httpBase.replaceFirst("^http", "ws");
    }

    @Override
    public CompletableFuture<Long> realRoomId(long displayRoomId) {
        return get("/room/v1/Room/room_init?id=" + displayRoomId).thenApply(root -> {
            if (root.path("code").asInt(-1) != 0) {
                throw new IllegalStateException("room_init answered code " + root.path("code").asInt());
            }
            return root.path("data").path("room_id").asLong();
        });
    }

    @Override
    public CompletableFuture<Server> danmuServer(long realRoomId) {
        return get("/xlive/web-room/v1/index/getDanmuInfo?id=" + realRoomId
                + "&type=0&web_location=444.8&w_rid=00000000000000000000000000000000&wts=1").thenApply(root -> {
            if (root.path("code").asInt(-1) != 0) {
                throw new IllegalStateException("getDanmuInfo answered code " + root.path("code").asInt());
            }
            List<Host> hosts = new ArrayList<>();
            for (JsonNode h : root.path("data").path("host_list")) {
                hosts.add(new Host(h.path("host").asString(), h.path("port").asInt(), h.path("wss_port").asInt(),
                        h.path("ws_port").asInt()));
            }
            return new Server(root.path("data").path("token").asString(), hosts);
        });
    }

    @Override
    public Identity identity() {
        return new Identity(0, BUVID3, UA);
    }

    private CompletableFuture<JsonNode> get(String pathAndQuery) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(httpBase + pathAndQuery))
                .header("User-Agent", UA).header("Cookie", "buvid3=" + BUVID3).GET().build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> JSON.readTree(r.body()));
    }

    @Override
    public CompletableFuture<Integer> wsCreate(String url, Map<String, String> headers) {
        // the host redirection of the real context: bilibili's danmaku hosts → the fake (ws follows http)
        URI u = URI.create(url);
        URI target = URI.create(wsBase + u.getRawPath());
        openedUrls.add(url);
        if (refuseHosts.contains(u.getHost())) {
            return CompletableFuture.failedFuture(new java.net.ConnectException("refused by the test: " + u.getHost()));
        }
        Socket s = new Socket();
        String ua = headers.getOrDefault("User-Agent", "");
        return http.newWebSocketBuilder().header("User-Agent", userAgentForWs.equals(UA) ? ua : userAgentForWs)
                .buildAsync(target, s).thenApply(ws -> {
                    s.ws = ws;
                    int id = ids.incrementAndGet();
                    sockets.put(id, s);
                    opened.incrementAndGet();
                    return id;
                });
    }

    @Override
    public CompletableFuture<Void> wsSend(int handle, byte[] data) {
        Socket s = socket(handle);
        return s.ws.sendBinary(ByteBuffer.wrap(data), true).thenApply(ws -> null);
    }

    @Override
    public CompletableFuture<BiliWsMessage> wsRecv(int handle) {
        if (unreadableNextReceive.compareAndSet(true, false)) {
            return CompletableFuture.completedFuture(null);
        }
        return socket(handle).inbox.receive();
    }

    @Override
    public CompletableFuture<Void> wsClose(int handle) {
        Socket s = sockets.get(handle);
        if (s == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("WebSocket handle " + handle
                    + " is unknown or closed"));
        }
        s.inbox.closing();
        return s.ws.sendClose(WebSocket.NORMAL_CLOSURE, "").handle((ws, e) -> {
            s.ws.abort();
            s.inbox.closed();
            sockets.remove(handle);
            return null;
        });
    }

    int openSockets() {
        return sockets.size();
    }

    private Socket socket(int handle) {
        Socket s = sockets.get(handle);
        if (s == null) {
            throw new IllegalArgumentException("WebSocket handle " + handle + " is unknown or closed");
        }
        return s;
    }

    @Override
    public void close() {
        sockets.values().forEach(s -> s.ws.abort());
        sockets.clear();
        executor.shutdownNow();
    }

    private static final class Socket implements WebSocket.Listener {
        volatile WebSocket ws;
        final WsInbox inbox = new WsInbox(() -> {
            WebSocket w = ws;
            if (w != null) {
                w.request(1);
            }
        });
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public void onOpen(WebSocket webSocket) {
            ws = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            partial.writeBytes(b);
            if (last) {
                inbox.offer(new BiliWsMessage(partial.toByteArray(), BiliWsMsgType.BINARY));
                partial.reset();
            } else {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            inbox.offer(new BiliWsMessage(data.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    BiliWsMsgType.TEXT));
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            inbox.peerClosed(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            inbox.failed(error);
        }
    }
}
