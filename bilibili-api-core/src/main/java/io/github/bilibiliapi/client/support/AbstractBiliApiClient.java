package io.github.bilibiliapi.client.support;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.BiliTimeoutException;
import io.github.bilibiliapi.client.BiliWsMessage;
import io.github.bilibiliapi.client.ClientSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The backend-neutral half of a client, written once: the settings and the seed's "user session as it is until a
 * setting changes" rule, the one TLS warning, argument checks before I/O, the WebSocket handle table and receive
 * semantics, and closing. A backend supplies the hooks: {@link #applySettings}, {@link #execute},
 * {@link #openWebSocket} and {@link #closeResources}.
 *
 * @param <C> the backend's WebSocket connection type
 */
public abstract class AbstractBiliApiClient<C extends AbstractBiliApiClient.WsConnection> implements BiliApiClient {

    /** A backend's open WebSocket, as the base class drives it. */
    public interface WsConnection {

        /**
         * Returns the inbox the transport delivers into.
         *
         * @return the inbox
         */
        WsInbox inbox();

        /**
         * Sends a binary frame; sends must be safe to call concurrently (queue or chain them).
         *
         * @param data the payload
         * @return completes when handed to the transport
         */
        CompletableFuture<Void> send(byte[] data);

        /**
         * Starts the close handshake; completes when the connection is closed (a connection the peer already closed
         * completes normally).
         *
         * @param code   the close code
         * @param reason the reason
         * @return completes when closed
         */
        CompletableFuture<Void> close(int code, String reason);

        /** Drops the connection at once, releasing its resources. Must not throw. */
        void abort();
    }

    /** How long a close handshake may take when the settings have no timeout: a silent peer must not keep a handle. */
    private static final Duration CLOSE_HANDSHAKE_WITHOUT_TIMEOUT = Duration.ofSeconds(30);

    private final String backendName;
    private final Object userSession;
    private final WsHandleTable<C> sockets = new WsHandleTable<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ClientSettings settings;
    private volatile boolean settingsInForce;

    /**
     * Creates the base.
     *
     * @param backendName the backend's name, for logs and metrics
     * @param settings    the settings
     * @param userSession the user's session, or {@code null} if the backend creates its own from the settings
     */
    protected AbstractBiliApiClient(String backendName, ClientSettings settings, Object userSession) {
        this.backendName = Objects.requireNonNull(backendName, "backendName");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.userSession = userSession;
        this.settingsInForce = userSession == null;
        if (settingsInForce && !settings.verifySsl()) {
            InsecureTls.warn(backendName);
        }
    }

    @Override
    public final String backendName() {
        return backendName;
    }

    @Override
    public final ClientSettings settings() {
        return settings;
    }

    /**
     * Tells whether the settings apply, or the user's session is used as it is.
     *
     * @return {@code false} while a user session is used unchanged
     */
    protected final boolean settingsInForce() {
        return settingsInForce;
    }

    /**
     * Returns the session the user supplied.
     *
     * @return the user's session, or {@code null}
     */
    protected final Object userSession() {
        return userSession;
    }

    @Override
    public final void setTimeout(Duration timeout) {
        update(settings.withTimeout(timeout));
    }

    @Override
    public final void setProxy(String proxy) {
        update(settings.withProxy(proxy));
    }

    @Override
    public final void setVerifySsl(boolean verifySsl) {
        update(settings.withVerifySsl(verifySsl));
    }

    @Override
    public final void setTrustEnv(boolean trustEnv) {
        update(settings.withTrustEnv(trustEnv));
    }

    @Override
    public final void setMaxResponseBytes(int maxResponseBytes) {
        update(settings.withMaxResponseBytes(maxResponseBytes));
    }

    private synchronized void update(ClientSettings next) {
        ensureOpen();
        checkSettings(next); // a backend's rejection leaves the client as it was
        ClientSettings previous = settings;
        boolean leavingUserSession = !settingsInForce;
        settings = next;
        settingsInForce = true;
        if (!next.verifySsl() && (previous.verifySsl() || leavingUserSession)) {
            InsecureTls.warn(backendName);
        }
        try {
            applySettings(next, previous, leavingUserSession);
        } catch (RuntimeException e) {
            // a backend that cannot apply the settings (e.g. a proxy kind it does not support) leaves the old ones
            settings = previous;
            settingsInForce = !leavingUserSession;
            throw e;
        }
    }

    /**
     * Rejects settings this backend cannot honour (for example a proxy type its library cannot speak), before anything
     * changes. The default accepts everything.
     *
     * @param next the settings about to be applied
     * @throws IllegalArgumentException naming what the backend cannot do
     */
    protected void checkSettings(ClientSettings next) {
    }

    /**
     * Applies new settings, for example by deriving a new session from the user's or the current one. Called under a
     * lock, after the settings changed; requests already running may finish on the previous session.
     *
     * @param next               the new settings
     * @param previous           the previous settings
     * @param leavingUserSession {@code true} the first time settings replace a user session used as is
     */
    protected abstract void applySettings(ClientSettings next, ClientSettings previous, boolean leavingUserSession);

    @Override
    public final CompletableFuture<BiliApiResponse> request(BiliApiRequest request) {
        Objects.requireNonNull(request, "request");
        ensureOpen();
        return execute(request);
    }

    /**
     * Performs the HTTP exchange. The request is valid; the backend encodes its parameters with
     * {@link BiliApiRequest#fullUrl()}, applies the timeout to the whole call and maps its failures to
     * {@link BiliClientException} / {@link BiliTimeoutException} (see {@link #failure}).
     *
     * @param request the request
     * @return the response
     */
    protected abstract CompletableFuture<BiliApiResponse> execute(BiliApiRequest request);

    @Override
    public final CompletableFuture<Integer> wsCreate(String url, Map<String, String> params,
            Map<String, String> headers, Map<String, String> cookies) {
        ensureOpen();
        Map<String, String> p = params == null ? Map.of() : params;
        Map<String, String> h = headers == null ? Map.of() : headers;
        Map<String, String> c = cookies == null ? Map.of() : cookies;
        URI uri = webSocketUri(url, p);
        CookieHeaders.validate(c);
        Map<String, String> allHeaders = new LinkedHashMap<>();
        String existingCookie = null;
        for (Map.Entry<String, String> e : h.entrySet()) {
            if (e.getKey().equalsIgnoreCase("Cookie")) {
                existingCookie = e.getValue();
            } else {
                allHeaders.put(e.getKey(), e.getValue());
            }
        }
        String cookieHeader = CookieHeaders.cookieHeader(existingCookie, c);
        if (cookieHeader != null) {
            allHeaders.put("Cookie", cookieHeader);
        }
        return openWebSocket(uri, Map.copyOf(allHeaders)).thenApply(connection -> {
            if (closed.get()) {
                connection.inbox().closed();
                connection.abort();
                throw new IllegalStateException("The " + backendName + " client was closed while connecting");
            }
            return sockets.add(connection);
        });
    }

    private static URI webSocketUri(String url, Map<String, String> params) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("WebSocket URL must not be blank");
        }
        URI uri;
        try {
            uri = new URI(UriEncoding.appendQuery(url.strip(), params));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Malformed WebSocket URL: " + UriEncoding.withoutQuery(url), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("WebSocket URL must start with ws:// or wss://, got: "
                    + UriEncoding.withoutQuery(url));
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("WebSocket URL has no host: " + UriEncoding.withoutQuery(url));
        }
        return uri;
    }

    /**
     * Opens a WebSocket. The handshake must respect the timeout; failures complete the future with a
     * {@link BiliClientException}.
     *
     * @param uri     the full URI, query included
     * @param headers handshake headers, the {@code Cookie} header included
     * @return the open connection
     */
    protected abstract CompletableFuture<C> openWebSocket(URI uri, Map<String, String> headers);

    @Override
    public final CompletableFuture<Void> wsSend(int handle, byte[] data) {
        Objects.requireNonNull(data, "data");
        C connection = sockets.get(handle);
        if (!connection.inbox().isOpen()) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("WebSocket handle " + handle + " is closing or closed"));
        }
        return connection.send(data);
    }

    @Override
    public final CompletableFuture<BiliWsMessage> wsRecv(int handle) {
        return sockets.get(handle).inbox().receive();
    }

    @Override
    public final CompletableFuture<Void> wsClose(int handle) {
        C connection = sockets.get(handle);
        connection.inbox().closing();
        CompletableFuture<Void> closing;
        try {
            closing = connection.close(1000, "");
        } catch (RuntimeException e) {
            closing = CompletableFuture.failedFuture(e);
        }
        // a peer that never answers the close frame must not keep the handle alive
        Duration bound = settings.hasTimeout() ? settings.timeout() : CLOSE_HANDSHAKE_WITHOUT_TIMEOUT;
        return closing.orTimeout(bound.toMillis(), TimeUnit.MILLISECONDS)
                .handle((ignored, error) -> {
                    sockets.remove(handle);
                    connection.inbox().closed();
                    if (error != null) {
                        connection.abort();
                        if (!(unwrap(error) instanceof TimeoutException)) {
                            throw new CompletionException(failure("closing WebSocket", null, unwrap(error)));
                        }
                    }
                    return null;
                });
    }

    /**
     * Returns the number of open WebSocket handles.
     *
     * @return the size of the handle table
     */
    public final int openWebSockets() {
        return sockets.size();
    }

    @Override
    public final void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (C connection : sockets.removeAll()) {
            connection.inbox().closed();
            connection.abort();
        }
        closeResources();
    }

    /**
     * Releases what this client created (never the user's session). Called once.
     */
    protected abstract void closeResources();

    /**
     * Tells whether {@link #close()} was called.
     *
     * @return {@code true} once closed
     */
    protected final boolean isClosed() {
        return closed.get();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("This " + backendName + " client is closed");
        }
    }

    /**
     * Maps a backend failure to the SPI's exception, naming the action and the URL without its query.
     *
     * @param action what was done, for example {@code GET}
     * @param url    the URL, may be {@code null}
     * @param error  the failure
     * @return a {@link BiliTimeoutException} for timeouts, the error itself if it already is a
     *         {@link BiliClientException}, else a new {@link BiliClientException}
     */
    protected final BiliClientException failure(String action, String url, Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof BiliClientException b) {
            return b;
        }
        String where = url == null ? "" : " " + UriEncoding.withoutQuery(url);
        if (isTimeout(cause)) {
            return new BiliTimeoutException(action + where + " timed out after " + settings.timeout()
                    + " (" + backendName + ")", cause);
        }
        return new BiliClientException(action + where + " failed (" + backendName + "): " + describe(cause), cause);
    }

    /**
     * The failure of a response whose body is larger than {@link ClientSettings#maxResponseBytes()}: names the
     * action, the URL without its query and the cap.
     *
     * @param action what was done, for example {@code GET}
     * @param url    the URL
     * @param cap    the cap in force, in bytes
     * @return the exception
     */
    protected final BiliClientException responseTooLarge(String action, String url, long cap) {
        return new BiliClientException(action + " " + UriEncoding.withoutQuery(url) + " failed (" + backendName
                + "): the response body is larger than the cap of " + cap + " bytes (ClientSettings.maxResponseBytes)");
    }

    private static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException || c instanceof java.net.SocketTimeoutException
                    || c instanceof java.net.http.HttpTimeoutException
                    || c.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        // queries in messages may carry signatures or tokens
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message.replaceAll("\\?[^\\s\"'<>]*", "?…"));
    }

    /**
     * Unwraps {@link CompletionException} and {@link java.util.concurrent.ExecutionException} layers.
     *
     * @param error an error
     * @return the underlying cause
     */
    protected static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
