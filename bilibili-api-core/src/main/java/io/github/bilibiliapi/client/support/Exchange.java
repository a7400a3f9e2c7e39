package io.github.bilibiliapi.client.support;

import io.github.bilibiliapi.client.BiliApiFile;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.internal.CookieHeaders;
import io.github.bilibiliapi.client.internal.FrozenMap;
import io.github.bilibiliapi.client.internal.ResponseHeaders;
import java.net.URI;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP request and its response: what a backend sends with {@link AbstractBiliApiClient#send(Exchange)}, and
 * where it delivers the answer. The request is final: the query is encoded, the {@code Cookie} header merged, redirects
 * are someone else's business. The backend sends it exactly once, as it is, without following a redirect, and then
 * calls, from its library's callbacks and in this order:
 * <ol>
 * <li>{@link #head(int, Map)} once the status line and headers have arrived;</li>
 * <li>{@link #body(ByteBuffer)} (or {@link #body(byte[], int, int)}) for each piece of the body, decoded;</li>
 * <li>{@link #complete()} at the end of the body, or {@link #fail(Throwable)} at any point.</li>
 * </ol>
 * The core may end the exchange early (the deadline passed, the body is larger than
 * {@link io.github.bilibiliapi.client.ClientSettings#maxResponseBytes()}, the client closed, the caller cancelled):
 * then it runs the action given to {@link #onAbort(Runnable)}, which must abort the library's call, and
 * {@code body(...)} answers {@code false}. Calls after the end are ignored.
 */
public final class Exchange {

    /** Where the core takes the one outcome of an exchange: its response, or the failure. */
    @FunctionalInterface
    interface Outcome {
        void accept(Exchange exchange, BiliApiResponse response, Throwable error);
    }

    private static final byte[] EMPTY = new byte[0];

    private final AbstractBiliApiClient<?> client;
    private final String method;
    private final String url;
    /** Parsed from {@link #url} on first use: a backend that sends the string never pays for it. */
    private volatile URI uri;
    private final Map<String, String> headers;
    private final String contentType;
    private final BiliApiRequest.Body body;
    private final Map<String, BiliApiFile> files;
    private final int cap;
    // won once by complete, fail or abort; holds no body
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    // the core's receiver of the one outcome; dropped once it is delivered, so a library that keeps its last
    // exchange reachable (a pooled connection does) keeps neither the body nor the call
    private volatile Outcome receiver;
    private volatile Runnable abort;
    private volatile boolean headReceived;
    private volatile boolean aborted;
    private int status;
    private ResponseHeaders responseHeaders;
    // the body: one buffer sized from Content-Length, or pieces joined at the end
    private long expected = -1;
    private byte[] sized;
    private List<byte[]> pieces;
    private long received;

    Exchange(AbstractBiliApiClient<?> client, String method, String url, URI parsed, Map<String, String> headers,
            BiliApiRequest.Body body, Map<String, BiliApiFile> files, int cap,
            Outcome receiver) {
        this.client = client;
        this.receiver = receiver;
        this.method = method;
        this.url = url;
        this.uri = parsed;
        this.body = body;
        this.files = files;
        this.cap = cap;
        String type = null;
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase("Content-Type")) {
                type = e.getValue();
            }
        }
        if (type == null) {
            // the hop's map is never changed after it is built: a view, not a copy (a frozen map is already one,
            // and keeps its identity, so a backend can recognise the headers of calls that share them)
            this.headers = headers instanceof FrozenMap ? headers : Collections.unmodifiableMap(headers);
        } else {
            Map<String, String> h = new LinkedHashMap<>();
            headers.forEach((name, value) -> {
                if (!name.equalsIgnoreCase("Content-Type")) {
                    h.put(name, value);
                }
            });
            this.headers = Collections.unmodifiableMap(h);
        }
        if (!files.isEmpty()) {
            type = null; // the multipart writer's boundary must be the one in the header
        } else if (type == null && hasBody()) {
            type = body instanceof BiliApiRequest.Body.Form ? "application/x-www-form-urlencoded"
                    : body instanceof BiliApiRequest.Body.Text ? "text/plain; charset=utf-8" : "application/octet-stream";
        }
        this.contentType = type;
    }

    // ------------------------------------------------------------------ the request

    /**
     * Returns the method.
     *
     * @return upper case, for example {@code GET}
     */
    public String method() {
        return method;
    }

    /**
     * Returns the target, query encoded once: send it as it is, never re-encode it.
     *
     * @return the URI
     */
    public URI uri() {
        URI u = uri;
        if (u == null) {
            u = AbstractBiliApiClient.parse(url);
            uri = u;
        }
        return u;
    }

    /**
     * Returns the target as a string.
     *
     * @return the URL, the same string as {@code uri().toString()}
     */
    public String url() {
        return url;
    }

    /**
     * Returns the headers to send, {@code Cookie} included, {@code Content-Type} excluded (see {@link #contentType()}).
     *
     * @return the headers, read-only
     */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * Returns the {@code Content-Type} to send: the caller's, else the one of the body's kind; {@code null} for a
     * multipart body (the library's multipart writer sets it with its boundary) and when there is none.
     *
     * @return the content type, or {@code null}
     */
    public String contentType() {
        return contentType;
    }

    /**
     * Returns the body as the caller gave it.
     *
     * @return the body, {@link BiliApiRequest.Body#NONE} for none
     */
    public BiliApiRequest.Body body() {
        return body;
    }

    /**
     * Returns the file parts of a multipart body.
     *
     * @return the files by part name, empty unless {@link #isMultipart()}
     */
    public Map<String, BiliApiFile> files() {
        return files;
    }

    /**
     * Tells whether the body is {@code multipart/form-data}: the form's fields as text parts, then {@link #files()}.
     *
     * @return {@code true} with files
     */
    public boolean isMultipart() {
        return !files.isEmpty();
    }

    /**
     * Tells whether there is a body to send.
     *
     * @return {@code false} for an empty form without files
     */
    public boolean hasBody() {
        return !files.isEmpty() || !(body instanceof BiliApiRequest.Body.Form form && form.isEmpty());
    }

    /**
     * Returns the bytes of a body that is not multipart: a form encoded with {@link UriEncoding#encodeQuery} (the
     * query's encoder), text as UTF-8, bytes as they are.
     *
     * @return the bytes; empty without a body
     * @throws IllegalStateException for a multipart body
     */
    public byte[] bodyBytes() {
        if (isMultipart()) {
            throw new IllegalStateException("A multipart body is written part by part; see files()");
        }
        if (body instanceof BiliApiRequest.Body.Form form) {
            return form.isEmpty() ? EMPTY : FrozenMap.encodedQuery(form.fields())
                    .getBytes(StandardCharsets.US_ASCII);
        }
        if (body instanceof BiliApiRequest.Body.Text text) {
            return text.bytes();
        }
        return ((BiliApiRequest.Body.Bytes) body).bytes();
    }

    // ------------------------------------------------------------------ the response

    /**
     * Sets how to abort the library's call; run at once if the exchange already ended.
     *
     * @param action aborts the call; must not throw
     */
    public void onAbort(Runnable action) {
        abort = action;
        if (done.isDone()) {
            runAbort();
        }
    }

    /**
     * Delivers the status and headers.
     *
     * @param code    the HTTP status
     * @param headers the headers with all their values (HTTP/2 pseudo-headers are dropped)
     */
    public void head(int code, Map<String, ? extends List<String>> headers) {
        if (done.isDone() || headReceived) {
            return;
        }
        // the one copy: the response takes it as it is
        ResponseHeaders copy = ResponseHeaders.copyOf(headers);
        this.status = code;
        this.responseHeaders = copy;
        if (!method.equals("HEAD") && code != 204 && code != 304) {
            expected = contentLength(copy);
        }
        headReceived = true;
    }

    private long contentLength(ResponseHeaders h) {
        String value = h.first("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            long n = Long.parseLong(value.strip());
            return n >= 0 && n <= cap ? n : -1;
        } catch (NumberFormatException ignored) {
            return -1; // a broken header only loses the pre-sizing
        }
    }

    /**
     * Delivers a piece of the body; the buffer is read, not kept.
     *
     * @param piece the bytes from its position to its limit
     * @return {@code false} once the exchange is over (stop reading: the call is being aborted)
     */
    public boolean body(ByteBuffer piece) {
        int n = piece.remaining();
        if (piece.hasArray()) {
            boolean more = body(piece.array(), piece.arrayOffset() + piece.position(), n);
            piece.position(piece.limit());
            return more;
        }
        if (!accept(n)) {
            return false;
        }
        if (sized != null && received + n <= sized.length) {
            piece.get(sized, (int) received, n);
        } else {
            byte[] copy = new byte[n];
            piece.get(copy);
            addPiece(copy);
        }
        received += n;
        return true;
    }

    /**
     * Delivers a piece of the body; the array is read, not kept.
     *
     * @param bytes  the array
     * @param offset where the piece starts
     * @param length its length
     * @return {@code false} once the exchange is over (stop reading: the call is being aborted)
     */
    public boolean body(byte[] bytes, int offset, int length) {
        if (!accept(length)) {
            return false;
        }
        if (sized != null && received + length <= sized.length) {
            System.arraycopy(bytes, offset, sized, (int) received, length);
        } else {
            byte[] copy = new byte[length];
            System.arraycopy(bytes, offset, copy, 0, length);
            addPiece(copy);
        }
        received += length;
        return true;
    }

    /**
     * Reads the rest of the body from a channel to its end: straight into the response's buffer while the body is
     * within the announced {@code Content-Length} (a copy fewer than reading into a buffer of the backend's own and
     * handing that to {@link #body(byte[], int, int)}), piecewise beyond it.
     *
     * @param in the body, decoded; read, not closed
     * @return {@code false} once the exchange is over (stop reading: the call is being aborted)
     * @throws IOException when reading fails
     */
    public boolean bodyFrom(ReadableByteChannel in) throws IOException {
        ByteBuffer spare = null;
        while (accept(0)) {
            int n;
            if (sized != null && received < sized.length) {
                n = in.read(ByteBuffer.wrap(sized, (int) received, sized.length - (int) received));
                if (n > 0) {
                    received += n;
                }
            } else {
                if (spare == null) {
                    spare = ByteBuffer.allocate(16 * 1024);
                }
                spare.clear();
                n = in.read(spare);
                if (n > 0 && !body(spare.flip())) {
                    return false;
                }
            }
            if (n < 0) {
                return true;
            }
        }
        return false;
    }

    /** Checks the cap, counting bytes as they arrive (HEAD and 304 announce lengths they do not send). */
    private boolean accept(int n) {
        if (done.isDone()) {
            return false;
        }
        if (received + n > cap) {
            abort(client.responseTooLarge(method, url(), cap));
            return false;
        }
        if (sized == null && pieces == null && expected > 0) {
            sized = new byte[(int) expected]; // lazily: a body that never comes allocates nothing
        }
        return true;
    }

    private void addPiece(byte[] piece) {
        if (pieces == null) {
            pieces = new ArrayList<>();
            if (sized != null) {
                // more than Content-Length announced (or a decoded body): keep what came, go on piecewise
                byte[] first = new byte[(int) received];
                System.arraycopy(sized, 0, first, 0, first.length);
                pieces.add(first);
                sized = null;
            }
        }
        pieces.add(piece);
    }

    /** Ends the body: the response is complete. */
    public void complete() {
        if (done.isDone()) {
            return;
        }
        if (!headReceived) {
            fail(new BiliClientException(method + " " + UriEncoding.withoutQuery(url()) + " failed ("
                    + client.backendName() + "): the backend completed an exchange without a response"));
            return;
        }
        List<String> setCookies = responseHeaders.get("Set-Cookie"); // names differing in case are merged already
        BiliApiResponse response = new BiliApiResponse(status, responseHeaders,
                setCookies == null ? Map.of() : CookieHeaders.parseSetCookies(setCookies), bytes(), url());
        sized = null;
        pieces = null;
        if (done.complete(null)) {
            deliver(response, null);
        }
    }

    private byte[] bytes() {
        if (sized != null) {
            if (received == sized.length) {
                return sized;
            }
            byte[] shorter = new byte[(int) received];
            System.arraycopy(sized, 0, shorter, 0, shorter.length);
            return shorter;
        }
        if (pieces == null) {
            return EMPTY;
        }
        if (pieces.size() == 1) {
            return pieces.get(0);
        }
        byte[] all = new byte[(int) received];
        int at = 0;
        for (byte[] p : pieces) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        pieces = null;
        return all;
    }

    /**
     * Fails the exchange: the library's failure, mapped by the core to a
     * {@link io.github.bilibiliapi.client.BiliClientException} naming the method and the URL.
     *
     * @param error the failure
     */
    public void fail(Throwable error) {
        if (done.completeExceptionally(error)) {
            deliver(null, error);
        }
    }

    /** Hands the one outcome to the core, once (the {@code done} flag was won by the caller). */
    private void deliver(BiliApiResponse response, Throwable error) {
        Outcome to = receiver;
        receiver = null;
        to.accept(this, response, error);
    }

    /**
     * Tells whether the exchange ended (completed, failed or aborted).
     *
     * @return {@code true} once over
     */
    public boolean isDone() {
        return done.isDone();
    }

    // ------------------------------------------------------------------ for the core

    /** Ends the exchange from the core's side and aborts the library's call. */
    void abort(Throwable reason) {
        aborted = true;
        if (done.completeExceptionally(reason)) {
            deliver(null, reason);
            runAbort();
        }
    }

    private void runAbort() {
        Runnable action = abort;
        if (action != null) {
            abort = null;
            try {
                action.run();
            } catch (RuntimeException ignored) {
                // the exchange is over either way; a backend's abort must not hide the reason
            }
        }
    }

    boolean aborted() {
        return aborted;
    }

    boolean headReceived() {
        return headReceived;
    }
}
