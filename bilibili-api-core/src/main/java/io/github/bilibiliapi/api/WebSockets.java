package io.github.bilibiliapi.api;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliWsMessage;
import io.github.bilibiliapi.client.support.UriEncoding;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * WebSockets through a context: host redirection, the default User-Agent, cookies (the credential's, plus an
 * activated buvid3 already known) only for bilibili and redirected hosts, and an event per operation.
 */
final class WebSockets {

    private final Supplier<BiliApiClient> clients;
    private final RequestSettings settings;
    private final Supplier<Credential> credentials;
    private final BuvidActivation buvid;
    private final ApiRequests requests;
    private final ContextEvents events;

    WebSockets(Supplier<BiliApiClient> clients, RequestSettings settings, Supplier<Credential> credentials,
            BuvidActivation buvid, ApiRequests requests, ContextEvents events) {
        this.clients = clients;
        this.settings = settings;
        this.credentials = credentials;
        this.buvid = buvid;
        this.requests = requests;
        this.events = events;
    }

    /** @see BiliContext#wsCreate */
    CompletableFuture<Integer> create(String url, Map<String, String> params, Map<String, String> headers) {
        Map<String, String> h = new LinkedHashMap<>(headers == null ? Map.of() : headers);
        if (!ApiRequests.hasHeader(h, "User-Agent")) {
            h.put("User-Agent", settings.userAgent());
        }
        Map<String, String> cookies = new LinkedHashMap<>();
        if (requests.mayReceiveCookies(url)) {
            Credential credential = credentials.get();
            cookies.putAll(credential.cookies());
            BuvidActivation.Buvid known = buvid.known();
            if (!credential.hasBuvid3() && known != null) {
                cookies.put("buvid3", known.buvid3());
                cookies.putIfAbsent("buvid4", known.buvid4());
            }
        }
        String target = settings.hostRedirect().apply(url);
        CompletableFuture<Integer> opened = Futures.guarded(() -> clients.get().wsCreate(target,
                params == null ? Map.of() : params, h, cookies));
        return Futures.unwrapped(opened.thenApply(handle -> {
            events.emit(BiliEventType.WS_CREATE, "WebSocket opened", Map.of("id", handle, "url",
                    UriEncoding.withoutQuery(target)));
            return handle;
        }));
    }

    /** @see BiliContext#wsSend */
    CompletableFuture<Void> send(int handle, byte[] data) {
        return Futures.unwrapped(clients.get().wsSend(handle, data).thenRun(() -> events.emit(BiliEventType.WS_SEND,
                "WebSocket send", Map.of("id", handle, "bytes", data.length))));
    }

    /** @see BiliContext#wsRecv */
    CompletableFuture<BiliWsMessage> recv(int handle) {
        return Futures.unwrapped(clients.get().wsRecv(handle).thenApply(m -> {
            events.emit(BiliEventType.WS_RECV, "WebSocket receive", Map.of("id", handle, "type", m.type(), "bytes",
                    m.data() == null ? 0 : m.data().length));
            return m;
        }));
    }

    /** @see BiliContext#wsClose */
    CompletableFuture<Void> close(int handle) {
        return Futures.unwrapped(clients.get().wsClose(handle).thenRun(() -> events.emit(BiliEventType.WS_CLOSE,
                "WebSocket closed", Map.of("id", handle))));
    }
}
