package io.github.bilibiliapi.live.danmaku;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.Credential;
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

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ContextTransport.class);

    private final BiliContext context;
    private final LiveService live;
    private volatile String buvid3 = "";
    private volatile long navMid = -1;
    static final String NAV_URL = "https://api.bilibili.com/x/web-interface/nav";

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
            return loggedInMid();
        }).thenCompose(mid -> live.getDanmuInfo(realRoomId)).thenApply(info -> {
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

    /**
     * The uid for the auth packet of a logged-in connection: {@code DedeUserID} when the credential has it, else (with
     * SESSDATA) the mid that nav reports, asked once; the token is tied to that account, and a wrong non-zero uid
     * makes the server drop the connection.
     */
    private CompletableFuture<Long> loggedInMid() {
        Credential c = context.credential();
        if (!c.hasSessdata() || (c.dedeuserid() != null && !c.dedeuserid().isBlank()) || navMid >= 0) {
            return CompletableFuture.completedFuture(navMid);
        }
        return context.execute(Api.get(NAV_URL).ignoreCode(true).build()).handle((r, err) -> {
            long mid = 0;
            if (err == null && r.data() != null && r.data().path("isLogin").asBoolean(false)) {
                mid = r.data().path("mid").asLong(0);
            }
            if (mid == 0) {
                LOG.warn("danmaku: the credential has SESSDATA but no DedeUserID, and nav did not report a logged-in "
                        + "account ({}); connecting as a guest", err != null ? err.toString() : "isLogin=false");
            }
            navMid = mid;
            return mid;
        });
    }

    @Override
    public Identity identity() {
        String dede = context.credential().dedeuserid();
        long uid = navMid > 0 ? navMid : 0;
        if (dede != null && !dede.isBlank()) {
            try {
                uid = Long.parseLong(dede.trim());
            } catch (NumberFormatException e) {
                // DedeUserID is public and numeric on bilibili; anything else is sent as anonymous
                uid = 0;
            }
        }
        if (!context.credential().hasSessdata()) {
            uid = 0; // a uid without the login cookies behind the token would be refused
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
