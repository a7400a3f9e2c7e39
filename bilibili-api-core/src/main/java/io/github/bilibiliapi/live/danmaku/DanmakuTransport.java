package io.github.bilibiliapi.live.danmaku;

import io.github.bilibiliapi.client.BiliWsMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What the connection needs from the outside world: the two REST calls and the WebSocket operations. In production it
 * is backed by a {@code BiliContext} (so host redirection, cookies, the User-Agent and events apply); the seam keeps
 * the connection logic free of the Api layer's details.
 */
interface DanmakuTransport {

    /** Display room id (short id) to real room id, through {@code room_init}. */
    CompletableFuture<Long> realRoomId(long displayRoomId);

    /** Token and hosts from {@code getDanmuInfo} for the real room id. */
    CompletableFuture<Server> danmuServer(long realRoomId);

    /**
     * Whether a {@link Server} from an earlier {@link #danmuServer} may be used for the next connection (true unless
     * the login it was fetched with has changed since).
     */
    default boolean reusable(Server server) {
        return true;
    }

    /** The uid ({@code DedeUserID}, 0 when anonymous) and buvid3 sent in the auth packet; valid after {@link #danmuServer}. */
    Identity identity();

    /**
     * Opens the WebSocket. {@code url} is bilibili's own ({@code wss://host:port/sub}); the transport applies the host
     * redirection and adds the credential's cookies. {@code headers} carry the User-Agent the token was fetched with.
     */
    CompletableFuture<Integer> wsCreate(String url, Map<String, String> headers);

    CompletableFuture<Void> wsSend(int handle, byte[] data);

    CompletableFuture<BiliWsMessage> wsRecv(int handle);

    CompletableFuture<Void> wsClose(int handle);

    /** A danmaku host from {@code host_list}. */
    record Host(String host, int port, int wssPort, int wsPort) {
    }

    /** The answer of {@code getDanmuInfo}. */
    record Server(String token, List<Host> hosts) {
        @Override
        public String toString() {
            return "Server[token=<hidden>, hosts=" + hosts + "]";
        }
    }

    /** Who the auth packet says we are. */
    record Identity(long uid, String buvid3, String userAgent) {
        @Override
        public String toString() {
            return "Identity[uid=" + uid + ", buvid3=<hidden>, userAgent=" + userAgent + "]";
        }
    }
}
