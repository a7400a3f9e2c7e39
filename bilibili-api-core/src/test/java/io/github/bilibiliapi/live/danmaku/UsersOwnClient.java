package io.github.bilibiliapi.live.danmaku;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.BiliWsMessage;
import io.github.bilibiliapi.client.BiliWsMsgType;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.support.WsInbox;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * What a user might write: a {@link BiliApiClient} that is not one of ours (it does not extend the library's base
 * class). HTTP is delegated to another client (as a decorator would), WebSocket is its own over java.net.http.
 */
final class UsersOwnClient implements BiliApiClient {

    private final BiliApiClient http;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "users-own-ws");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient ws = HttpClient.newBuilder().executor(executor).build();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, Socket> sockets = new ConcurrentHashMap<>();

    UsersOwnClient(BiliApiClient http) {
        this.http = http;
    }

    int openSockets() {
        return sockets.size();
    }

    @Override
    public Object getWrappedSession() {
        return ws;
    }

    @Override
    public void setTimeout(Duration timeout) {
        http.setTimeout(timeout);
    }

    @Override
    public void setProxy(String proxy) {
        http.setProxy(proxy);
    }

    @Override
    public void setVerifySsl(boolean verifySsl) {
        http.setVerifySsl(verifySsl);
    }

    @Override
    public void setTrustEnv(boolean trustEnv) {
        http.setTrustEnv(trustEnv);
    }

    @Override
    public ClientSettings settings() {
        return http.settings();
    }

    @Override
    public String backendName() {
        return "users-own";
    }

    @Override
    public CompletableFuture<BiliApiResponse> request(BiliApiRequest request) {
        return http.request(request);
    }

    @Override
    public CompletableFuture<Integer> wsCreate(String url, Map<String, String> params, Map<String, String> headers,
            Map<String, String> cookies) {
        WebSocket.Builder b = ws.newWebSocketBuilder();
        headers.forEach(b::header);
        if (!cookies.isEmpty()) {
            b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        Socket s = new Socket();
        return b.buildAsync(URI.create(url), s).thenApply(w -> {
            s.ws = w;
            int id = ids.incrementAndGet();
            sockets.put(id, s);
            return id;
        });
    }

    @Override
    public CompletableFuture<Void> wsSend(int handle, byte[] data) {
        return socket(handle).ws.sendBinary(ByteBuffer.wrap(data), true).thenApply(w -> null);
    }

    @Override
    public CompletableFuture<BiliWsMessage> wsRecv(int handle) {
        return socket(handle).inbox.receive();
    }

    @Override
    public CompletableFuture<Void> wsClose(int handle) {
        Socket s = socket(handle);
        s.inbox.closing();
        return s.ws.sendClose(WebSocket.NORMAL_CLOSURE, "").handle((w, e) -> {
            s.ws.abort();
            s.inbox.closed();
            sockets.remove(handle);
            return null;
        });
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
        http.close();
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
            inbox.offer(new BiliWsMessage(data.toString().getBytes(StandardCharsets.UTF_8), BiliWsMsgType.TEXT));
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
