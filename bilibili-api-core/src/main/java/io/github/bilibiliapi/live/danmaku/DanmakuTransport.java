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
     * Whether a {@link Server} from an earlier {@link #danmuServer} may be used for the next connection: a web token
     * only while the login it was fetched with is unchanged, an Open Platform game only while it runs.
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

    /**
     * Called once by {@code connect()}: {@code serverLost} is to be run (on any thread) when the server handed out
     * stops being valid while connected, so that the connection starts over with a new one.
     */
    default void watch(Runnable serverLost) {
    }

    /** Called once when the connection stops for good: gives back what {@link #danmuServer} took (ends a game). */
    default CompletableFuture<Void> release() {
        return CompletableFuture.completedFuture(null);
    }

    /** A danmaku host from {@code host_list}. */
    record Host(String host, int port, int wssPort, int wsPort) {
    }

    /**
     * Where and how to authenticate: the web's token and hosts ({@code getDanmuInfo}), or the Open Platform's
     * complete addresses and auth body ({@code urls} and {@code authBody} non-null).
     */
    record Server(String token, List<Host> hosts, List<String> urls, String authBody) {
        Server(String token, List<Host> hosts) {
            this(token, hosts, List.of(), null);
        }

        /** How many addresses to rotate through. */
        int size() {
            return urls.isEmpty() ? hosts.size() : urls.size();
        }

        /** The {@code i}-th address (modulo the count), as bilibili names it. */
        String url(int i) {
            if (!urls.isEmpty()) {
                return urls.get(Math.floorMod(i, urls.size()));
            }
            Host host = hosts.get(Math.floorMod(i, hosts.size()));
            return "wss://" + host.host() + ":" + host.wssPort() + "/sub";
        }

        @Override
        public String toString() {
            return "Server[token=<hidden>, hosts=" + hosts + ", urls=" + urls + ", authBody="
                    + (authBody == null ? "none" : "<hidden>") + "]";
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
