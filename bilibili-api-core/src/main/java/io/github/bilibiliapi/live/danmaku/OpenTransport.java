package io.github.bilibiliapi.live.danmaku;

import io.github.bilibiliapi.client.BiliWsMessage;
import io.github.bilibiliapi.live.open.OpenLiveClient;
import io.github.bilibiliapi.live.open.OpenLiveGame;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The Open Platform's transport: the room is the one the identity code's game runs in, the server is the game's
 * {@code wss_link} addresses and {@code auth_body}; the WebSocket goes through the same context. A game that ended
 * (by {@link #release()}, or because the platform dropped it) is not reused: the next attempt ends it and starts a
 * new one. Only the connection's loop calls {@link #realRoomId} and {@link #danmuServer}.
 */
final class OpenTransport implements DanmakuTransport {

    private final OpenLiveClient client;
    private final String identityCode;
    private volatile OpenLiveGame game;
    private volatile boolean fresh; // started by realRoomId and not yet handed out by danmuServer
    private volatile java.util.function.Consumer<String> lostListener;

    OpenTransport(OpenLiveClient client, String identityCode) {
        this.client = client;
        this.identityCode = identityCode;
    }

    /** The running game, or {@code null}. */
    OpenLiveGame game() {
        return game;
    }

    @Override
    public CompletableFuture<Long> realRoomId(long displayRoomId) {
        return restart().thenApply(g -> {
            fresh = true;
            return g.anchor().roomId();
        });
    }

    @Override
    public CompletableFuture<Server> danmuServer(long realRoomId) {
        CompletableFuture<OpenLiveGame> g;
        if (fresh && game != null) {
            fresh = false;
            g = CompletableFuture.completedFuture(game);
        } else {
            g = restart();
        }
        return g.thenApply(started -> new Server(null, List.of(), started.wssLinks(), started.authBody()));
    }

    /** Ends the previous game, if any, then starts a new one. */
    private CompletableFuture<OpenLiveGame> restart() {
        OpenLiveGame old = game;
        game = null;
        CompletableFuture<Void> ended = old == null ? CompletableFuture.completedFuture(null)
                : client.end(old.gameId()).exceptionally(e -> null); // a game we cannot end times out by itself
        return ended.thenCompose(v -> client.start(identityCode)).thenApply(started -> {
            game = started;
            return started;
        });
    }

    @Override
    public boolean reusable(Server server) {
        OpenLiveGame g = game;
        return g != null && client.isRunning(g.gameId()) && g.authBody().equals(server.authBody());
    }

    @Override
    public void watch(Runnable serverLost) {
        java.util.function.Consumer<String> l = gameId -> {
            OpenLiveGame g = game;
            if (g != null && g.gameId().equals(gameId)) {
                serverLost.run();
            }
        };
        lostListener = l;
        client.onGameLost(l);
    }

    @Override
    public CompletableFuture<Void> release() {
        java.util.function.Consumer<String> l = lostListener;
        if (l != null) {
            client.removeGameLostListener(l);
        }
        OpenLiveGame g = game;
        game = null;
        return g == null ? CompletableFuture.completedFuture(null) : client.end(g.gameId());
    }

    @Override
    public Identity identity() {
        // the auth body names the user; the User-Agent is the context's
        return new Identity(0, "", client.context().settings().userAgent());
    }

    @Override
    public CompletableFuture<Integer> wsCreate(String url, Map<String, String> headers) {
        return client.context().wsCreate(url, Map.of(), headers);
    }

    @Override
    public CompletableFuture<Void> wsSend(int handle, byte[] data) {
        return client.context().wsSend(handle, data);
    }

    @Override
    public CompletableFuture<BiliWsMessage> wsRecv(int handle) {
        return client.context().wsRecv(handle);
    }

    @Override
    public CompletableFuture<Void> wsClose(int handle) {
        return client.context().wsClose(handle);
    }

    @Override
    public String toString() {
        return "OpenTransport[identityCode=<hidden>, game=" + game + "]";
    }
}
