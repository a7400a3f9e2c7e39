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
    private volatile Fetched fetched; // the credential and identity of the last token
    private volatile NavMid navMid; // nav's answer for a credential without DedeUserID
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
        // one credential for the whole exchange: the token is tied to the account whose cookies fetch it, so the uid
        // of the auth packet must come from the same credential even if the store changes meanwhile
        Credential credential = context.credential();
        // buvid3 first: getDanmuInfo needs it activated, and the auth packet must carry the same one
        CompletableFuture<String> buvid3 = credential.hasBuvid3()
                ? CompletableFuture.completedFuture(credential.buvid3()) : context.buvid3();
        return buvid3.thenCompose(b -> {
            String buvid = b == null ? "" : b;
            return uidOf(credential).thenCompose(uid -> live.getDanmuInfo(realRoomId, credential).thenApply(info -> {
                List<Host> hosts = new ArrayList<>();
                for (DanmuHost h : info.hosts()) {
                    if (h.host() != null && !h.host().isBlank() && h.wssPort() > 0) {
                        hosts.add(new Host(h.host(), h.port(), h.wssPort(), h.wsPort()));
                    }
                }
                if (info.token() == null || info.token().isBlank()) {
                    throw new IllegalStateException("getDanmuInfo for room " + realRoomId + " returned no token");
                }
                // the same User-Agent as getDanmuInfo: the token is tied to it
                fetched = new Fetched(credential, new Identity(uid, buvid, context.settings().userAgent()));
                return new Server(info.token(), List.copyOf(hosts));
            }));
        });
    }

    /**
     * A token from an earlier {@link #danmuServer} is only worth reusing while the context still has the credential
     * it was fetched with: after a refresh, a logout or another login the next connection fetches a new one, so the
     * auth packet, the token and the handshake cookies name the same account.
     */
    @Override
    public boolean reusable(Server server) {
        Fetched f = fetched;
        return f != null && f.credential().equals(context.credential());
    }

    /**
     * The uid for the auth packet: {@code DedeUserID} when the credential has it, else (with SESSDATA) the mid that
     * nav reports for that credential, asked once per SESSDATA; 0 without SESSDATA (a uid without the login cookies
     * behind the token would be refused).
     */
    private CompletableFuture<Long> uidOf(Credential c) {
        if (!c.hasSessdata()) {
            return CompletableFuture.completedFuture(0L);
        }
        String dede = c.dedeuserid();
        if (dede != null && !dede.isBlank()) {
            try {
                return CompletableFuture.completedFuture(Long.parseLong(dede.trim()));
            } catch (NumberFormatException e) {
                // DedeUserID is public and numeric on bilibili; anything else is sent as anonymous
                return CompletableFuture.completedFuture(0L);
            }
        }
        NavMid known = navMid;
        if (known != null && known.sessdata().equals(c.sessdata())) {
            return CompletableFuture.completedFuture(known.mid());
        }
        return context.execute(Api.get(NAV_URL).credential(c).ignoreCode(true).build()).handle((r, err) -> {
            long mid = 0;
            if (err == null && r.data() != null && r.data().path("isLogin").asBoolean(false)) {
                mid = r.data().path("mid").asLong(0);
            }
            if (mid == 0) {
                LOG.warn("danmaku: the credential has SESSDATA but no DedeUserID, and nav did not report a logged-in "
                        + "account ({}); connecting as a guest", err != null ? err.toString() : "isLogin=false");
            }
            navMid = new NavMid(c.sessdata(), mid);
            return mid;
        });
    }

    @Override
    public Identity identity() {
        Fetched f = fetched;
        if (f == null) {
            throw new IllegalStateException("identity() before danmuServer()");
        }
        return f.identity();
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

    /** The credential a token was fetched with and the identity that goes with it. Never printed. */
    private record Fetched(Credential credential, Identity identity) {
        @Override
        public String toString() {
            return "Fetched[" + identity + "]";
        }
    }

    /** nav's mid for one SESSDATA. */
    private record NavMid(String sessdata, long mid) {
        @Override
        public String toString() {
            return "NavMid[mid=" + mid + "]";
        }
    }
}
