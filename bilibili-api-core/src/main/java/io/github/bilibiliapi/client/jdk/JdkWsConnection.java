package io.github.bilibiliapi.client.jdk;

import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.BiliWsMessage;
import io.github.bilibiliapi.client.BiliWsMsgType;
import io.github.bilibiliapi.client.support.AbstractBiliApiClient;
import io.github.bilibiliapi.client.support.WsInbox;
import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One JDK {@link WebSocket}, adapted to the base client: it is also the socket's {@link WebSocket.Listener}.
 *
 * <p><b>Receiving.</b> The JDK delivers a message in as many parts as it likes (a large frame, or a fragmented
 * message, arrives as several {@code onText}/{@code onBinary} calls with {@code last == false}); parts are assembled
 * here, up to {@link #maxMessageBytes}, and only whole messages reach the {@link WsInbox}. Every listener call consumes
 * one unit of the socket's demand: the inbox asks for one unit per receive that waits, and this class asks for one more
 * itself after each partial delivery, so the application's demand is counted in whole messages. PING and PONG frames
 * are delivered as messages too (the JDK answers pings by itself).
 *
 * <p><b>Sending.</b> The JDK allows one outstanding send per socket ({@code IllegalStateException} otherwise); the base
 * class hands over one send (or the close) at a time, after the previous one completed.
 *
 * <p><b>Closing.</b> {@code sendClose} is queued behind pending sends, then the socket is asked for unbounded demand so
 * that the peer's Close reaches {@link #onClose} (messages before it are dropped by the closing inbox); the close
 * completes when the peer's Close arrived, or at once if both directions are already closed.
 */
final class JdkWsConnection implements AbstractBiliApiClient.WsConnection, WebSocket.Listener {

    private final WsInbox inbox;
    private final int maxMessageBytes;
    private final Function<Throwable, BiliClientException> errors;
    private final CompletableFuture<Void> inputClosed = new CompletableFuture<>();

    private final Object lock = new Object();
    private WebSocket socket; // guarded by lock until attached, then effectively final
    private long demandBeforeOpen; // guarded by lock

    // Assembly state: only touched by listener calls, which the JDK makes one at a time
    private StringBuilder text;
    private ByteArrayOutputStream binary;
    private long assembledBytes;

    /**
     * Creates the connection before the handshake, so it can be the handshake's listener.
     *
     * @param maxMessageBytes the largest message assembled in memory
     * @param errors          maps a send or transport failure to the SPI's exception
     */
    JdkWsConnection(int maxMessageBytes, Function<Throwable, BiliClientException> errors) {
        this.maxMessageBytes = maxMessageBytes;
        this.errors = errors;
        this.inbox = new WsInbox(this::demandOne);
    }

    private void demandOne() {
        WebSocket ws;
        synchronized (lock) {
            ws = socket;
            if (ws == null) {
                demandBeforeOpen++;
                return;
            }
        }
        ws.request(1);
    }

    private void attach(WebSocket ws) {
        long pending;
        synchronized (lock) {
            if (socket != null) {
                return;
            }
            socket = ws;
            pending = demandBeforeOpen;
            demandBeforeOpen = 0;
        }
        if (pending > 0) {
            ws.request(pending);
        }
    }

    /**
     * Records the socket once the handshake has completed (the JDK may or may not have called {@link #onOpen} first).
     *
     * @param ws the socket
     */
    void opened(WebSocket ws) {
        attach(ws);
    }

    private WebSocket socket() {
        synchronized (lock) {
            return socket;
        }
    }

    @Override
    public WsInbox inbox() {
        return inbox;
    }

    @Override
    public CompletableFuture<Void> send(byte[] data) {
        WebSocket ws = socket();
        // copied: the frame may leave later than this call returns, behind earlier sends
        ByteBuffer payload = ByteBuffer.wrap(data.clone());
        return ws.sendBinary(payload, true).handle((ignored, error) -> {
            if (error != null) {
                throw new CompletionException(errors.apply(error));
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> close(int code, String reason) {
        WebSocket ws = socket();
        if (inputClosed.isDone() || (ws.isInputClosed() && ws.isOutputClosed())) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<WebSocket> sent = ws.isOutputClosed() ? CompletableFuture.completedFuture(ws)
                : ws.sendClose(code, reason);
        ws.request(Long.MAX_VALUE);
        return sent.handle((ignored, error) -> {
            if (error != null && !inputClosed.isDone()) {
                throw new CompletionException(errors.apply(error));
            }
            return null;
        }).thenCompose(ignored -> inputClosed);
    }

    @Override
    public void abort() {
        WebSocket ws = socket();
        if (ws != null) {
            ws.abort();
        }
    }

    // --- WebSocket.Listener: called by the JDK, one call at a time

    @Override
    public void onOpen(WebSocket webSocket) {
        // no request(1) here (the default does one): demand comes from receives only
        attach(webSocket);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (text == null) {
            text = new StringBuilder(data.length());
        }
        assembledBytes += utf8Length(data);
        if (assembledBytes > maxMessageBytes) {
            tooLarge(webSocket, "text");
            return null;
        }
        text.append(data);
        if (!last) {
            webSocket.request(1); // the rest of the message: not a message the application asked for
            return null;
        }
        byte[] message = text.toString().getBytes(StandardCharsets.UTF_8);
        text = null;
        assembledBytes = 0;
        inbox.offer(new BiliWsMessage(message, BiliWsMsgType.TEXT));
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        if (last && binary == null) {
            inbox.offer(data, BiliWsMsgType.BINARY); // the usual case: one part
            return null;
        }
        assembledBytes += data.remaining();
        if (assembledBytes > maxMessageBytes) {
            tooLarge(webSocket, "binary");
            return null;
        }
        if (binary == null) {
            binary = new ByteArrayOutputStream(Math.max(data.remaining() * 2, 256));
        }
        byte[] part = copy(data);
        binary.write(part, 0, part.length);
        if (!last) {
            webSocket.request(1);
            return null;
        }
        byte[] message = binary.toByteArray();
        binary = null;
        assembledBytes = 0;
        inbox.offer(new BiliWsMessage(message, BiliWsMsgType.BINARY));
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        inbox.offer(message, BiliWsMsgType.PING);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        inbox.offer(message, BiliWsMsgType.PONG);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        text = null;
        binary = null;
        // before the inbox: whoever sees the CLOSE and calls wsClose finds the input closed
        inputClosed.complete(null);
        inbox.peerClosed(statusCode, reason);
        return null; // the JDK then answers with a Close of its own if this side has not sent one
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        text = null;
        binary = null;
        // before the inbox: the failure reaches the receivers; a later wsClose has nothing left to close
        inputClosed.completeExceptionally(error);
        inbox.failed(errors.apply(error));
    }

    private void tooLarge(WebSocket webSocket, String kind) {
        text = null;
        binary = null;
        BiliClientException error = new BiliClientException("WebSocket " + kind + " message exceeds "
                + maxMessageBytes + " bytes, the most the jdk backend assembles in memory; connection aborted");
        inputClosed.completeExceptionally(error);
        webSocket.abort();
        inbox.failed(error);
    }

    private static byte[] copy(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** Counts UTF-8 bytes without encoding; a surrogate pair (4 bytes) may be split across parts, 2 + 2. */
    private static long utf8Length(CharSequence s) {
        long n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800 || Character.isSurrogate(c)) {
                n += 2;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
