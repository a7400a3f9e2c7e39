package io.github.bilibiliapi.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The request client: the middle layer between bilibili-api's {@code Api} layer and a third-party HTTP library's
 * session. Swapping the implementation swaps the HTTP library; an application can
 * share one session with the library through {@link #getWrappedSession()} or by handing its own session to a
 * {@link BiliApiClientFactory}.
 *
 * <p>Every operation is asynchronous: a blocking caller uses {@code join()}.
 * Implementations are thread-safe. Non-2xx HTTP statuses are returned as responses, not thrown; I/O failures complete
 * the future exceptionally with a {@link BiliClientException}.
 *
 * <p><b>Settings and user sessions.</b> A client created from a user's session uses that session exactly as it is
 * until one of the {@code set*} methods is called; from then on the {@link #settings() settings} win.
 *
 * <p><b>WebSocket handles.</b> {@link #wsCreate} returns an integer handle from a per-client counter. After the peer
 * closes, the next {@link #wsRecv} returns a {@link BiliWsMsgType#CLOSE} message (close code and reason as data) and
 * later ones {@link BiliWsMsgType#CLOSED}. While a {@link #wsClose} is in progress, receives complete with
 * {@link BiliWsMsgType#CLOSING}; once it has completed, pending receives complete with {@link BiliWsMsgType#CLOSED} and
 * the handle is removed, so any later use of it fails with an {@link IllegalArgumentException}. Always call
 * {@link #wsClose}: it is what frees the handle.
 */
public interface BiliApiClient extends AutoCloseable {

    /**
     * Returns the wrapped third-party session, for example an {@code okhttp3.OkHttpClient}, so that an application can
     * share it.
     *
     * @return the session currently used for requests
     */
    Object getWrappedSession();

    /**
     * Sets the timeout of a whole call (connect, send, wait, read).
     *
     * @param timeout a positive duration, or {@link Duration#ZERO} for no overall deadline
     * @throws IllegalArgumentException if negative
     */
    void setTimeout(Duration timeout);

    /**
     * Sets the proxy: {@code ""} for none, else {@code http://[user:pass@]host:port}, {@code https://...} or
     * {@code socks5://[user:pass@]host:port}.
     *
     * @param proxy the proxy URL, never {@code null}
     * @throws IllegalArgumentException if the URL is malformed or the scheme unsupported
     */
    void setProxy(String proxy);

    /**
     * Turns TLS certificate and host name verification on or off for this client only.
     *
     * @param verifySsl {@code false} to trust every certificate (a warning is logged)
     */
    void setVerifySsl(boolean verifySsl);

    /**
     * Whether to honour proxy environment variables ({@code HTTP_PROXY}, {@code HTTPS_PROXY}, {@code ALL_PROXY},
     * {@code NO_PROXY}, either case) and the JVM proxy system properties when no explicit proxy is set.
     *
     * @param trustEnv {@code true} to honour them
     */
    void setTrustEnv(boolean trustEnv);

    /**
     * Sets the largest response body this client reads into memory
     * ({@link ClientSettings#maxResponseBytes()}). Clients extending the library's base class support it; the default
     * does not, and a registry then replaces such a client by a new one built with the new cap.
     *
     * @param maxResponseBytes the cap in bytes, positive
     * @throws UnsupportedOperationException if this client cannot change it in place
     * @throws IllegalArgumentException      if not positive
     */
    default void setMaxResponseBytes(int maxResponseBytes) {
        throw new UnsupportedOperationException(backendName() + " cannot change maxResponseBytes in place");
    }

    /**
     * Returns the current settings.
     *
     * @return the settings this client applies once they are in force
     */
    ClientSettings settings();

    /**
     * Names the backend, for logs and metric tags.
     *
     * @return a short name such as {@code okhttp}
     */
    default String backendName() {
        return getClass().getSimpleName();
    }

    /**
     * Performs an HTTP request.
     *
     * @param request the request, validated on construction
     * @return the response, whatever its status
     */
    CompletableFuture<BiliApiResponse> request(BiliApiRequest request);

    /**
     * Opens a WebSocket.
     *
     * @param url     a {@code ws://} or {@code wss://} URL
     * @param params  query parameters appended with {@link io.github.bilibiliapi.client.support.UriEncoding}
     * @param headers request headers of the handshake
     * @param cookies cookies sent in the handshake's {@code Cookie} header
     * @return the handle of the new connection
     */
    CompletableFuture<Integer> wsCreate(String url, Map<String, String> params, Map<String, String> headers,
            Map<String, String> cookies);

    /**
     * Sends a binary frame.
     *
     * @param handle a handle from {@link #wsCreate}
     * @param data   the payload
     * @return completes when the frame has been handed to the transport
     */
    CompletableFuture<Void> wsSend(int handle, byte[] data);

    /**
     * Receives the next message; completes with {@link BiliWsMsgType#CLOSING} or {@link BiliWsMsgType#CLOSED} instead
     * of hanging once the connection is closing or closed.
     *
     * @param handle a handle from {@link #wsCreate}
     * @return the next message
     */
    CompletableFuture<BiliWsMessage> wsRecv(int handle);

    /**
     * Closes a WebSocket (normal closure) and frees its handle.
     *
     * @param handle a handle from {@link #wsCreate}
     * @return completes when the connection is closed
     */
    CompletableFuture<Void> wsClose(int handle);

    /**
     * Closes every WebSocket of this client and releases what the client created (threads, pools). A session the user
     * supplied is never shut down.
     */
    @Override
    void close();
}
