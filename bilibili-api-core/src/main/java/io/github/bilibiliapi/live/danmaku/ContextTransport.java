package io.github.bilibiliapi.live.danmaku;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.client.BiliWsMessage;
import io.github.bilibiliapi.live.DanmuHost;
import io.github.bilibiliapi.live.LiveService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The production transport: REST through {@link LiveService} on the context, WebSocket through the context's
 * pass-through (host redirection, cookies, User-Agent, events).
 */
final class ContextTransport implements DanmakuTransport {

    private final BiliContext context;
    private final LiveService live;
    private volatile String buvid3 = "";

    ContextTransport(BiliContext context) {
        this.context = context;
        this.live = new LiveService(context);
    }

    @Override
    public CompletableFuture<Long> realRoomId(long displayRoomId) {
        return live.getRoomInit(displayRoomId).thenApply(r -> {
            if (r.roomId() <= 0) {
                throw new IllegalStateException("room_init for room " + displayRoomId + " returned no room_id");
            }
            return r.roomId();
        });
    }

    @Override
    public CompletableFuture<Server> danmuServer(long realRoomId) {
        // buvid3 first: getDanmuInfo needs it activated, and the auth packet must carry the same one
        return context.buvid3().thenCompose(b -> {
            buvid3 = b == null ? "" : b;
            return live.getDanmuInfo(realRoomId);
        }).thenApply(info -> {
            List<Host> hosts = new ArrayList<>();
            for (DanmuHost h : info.hosts()) {
                if (h.host() != null && !h.host().isBlank() && h.wssPort() > 0) {
                    hosts.add(new Host(h.host(), h.port(), h.wssPort(), h.wsPort()));
                }
            }
            if (info.token() == null || info.token().isBlank()) {
                throw new IllegalStateException("getDanmuInfo for room " + realRoomId + " returned no token");
            }
            return new Server(info.token(), List.copyOf(hosts));
        });
    }

    @Override
    public Identity identity() {
        String dede = context.credential().dedeuserid();
        long uid = 0;
        if (dede != null && !dede.isBlank()) {
            try {
                uid = Long.parseLong(dede.trim());
            } catch (NumberFormatException e) {
                // DedeUserID is public and numeric on bilibili; anything else is sent as anonymous
                uid = 0;
            }
        }
        // the same User-Agent as getDanmuInfo: the token is tied to it
        return new Identity(uid, buvid3, context.settings().userAgent());
    }

    @Override
    public CompletableFuture<Integer> wsCreate(String url, Map<String, String> headers) {
        return context.wsCreate(url, Map.of(), headers);
    }

    @Override
    public CompletableFuture<Void> wsSend(int handle, byte[] data) {
        return context.wsSend(handle, data);
    }

    @Override
    public CompletableFuture<BiliWsMessage> wsRecv(int handle) {
        return context.wsRecv(handle);
    }

    @Override
    public CompletableFuture<Void> wsClose(int handle) {
        return context.wsClose(handle);
    }
}
