package io.github.bilibiliapi.client.webclient;

import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.BiliWsMessage;
import io.github.bilibiliapi.client.BiliWsMsgType;
import io.github.bilibiliapi.client.support.AbstractBiliApiClient;
import io.github.bilibiliapi.client.support.WsInbox;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * One Reactor Netty WebSocket as the base client drives it.
 *
 * <p><b>Receiving is pull-driven:</b> this subscriber never requests frames on its own; each {@code wsRecv} that waits
 * makes the {@link WsInbox} call {@link #request(long) request(1)}. Reactor Netty stops reading the socket (auto-read
 * off) while there is no demand, so a consumer that does not call {@code wsRecv} holds the sender back through TCP
 * flow control instead of letting frames pile up in memory.
 *
 * <p><b>Sending:</b> the base class hands over one frame (or the close) at a time, after the previous write completed.
 */
final class ReactorWsConnection extends BaseSubscriber<WebSocketFrame>
        implements AbstractBiliApiClient.WsConnection {

    private final WsInbox inbox = new WsInbox(() -> request(1));
    private final WebsocketInbound in;
    private final WebsocketOutbound out;
    private final Sinks.Empty<Void> done = Sinks.empty();
    private final AtomicReference<WebSocketCloseStatus> closeStatus = new AtomicReference<>();
    private final AtomicReference<Connection> connection = new AtomicReference<>();
    /** Frames handed to the inbox: lets tests see how far the transport ran ahead of the consumer. */
    private final AtomicLong delivered = new AtomicLong();
    private volatile Thread lastTransportThread;

    ReactorWsConnection(WebsocketInbound in, WebsocketOutbound out) {
        this.in = in;
        this.out = out;
        in.withConnection(c -> {
            connection.set(c);
            // the channel may go away without any frame or close status (abort, event loop shut down)
            c.onDispose(() -> done.tryEmitEmpty());
        });
        in.receiveCloseStatus().subscribe(closeStatus::set, e -> { });
    }

    /** Starts receiving, with no demand yet. Called from the handler, before the handle is returned. */
    void start() {
        in.receiveFrames().subscribe(this);
    }

    /**
     * Completes when the connection is gone; the Reactor Netty handler returns it, so the connection lives as long
     * as this has not completed.
     *
     * @return the lifetime of the connection
     */
    Mono<Void> lifetime() {
        return done.asMono();
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        // no request: demand comes only from wsRecv through the inbox
    }

    @Override
    protected void hookOnNext(WebSocketFrame frame) {
        lastTransportThread = Thread.currentThread();
        delivered.incrementAndGet();
        // copy now: Reactor Netty releases the frame when onNext returns
        byte[] data = ByteBufUtil.getBytes(frame.content());
        BiliWsMsgType type;
        if (frame instanceof TextWebSocketFrame) {
            type = BiliWsMsgType.TEXT;
        } else if (frame instanceof BinaryWebSocketFrame) {
            type = BiliWsMsgType.BINARY;
        } else if (frame instanceof PingWebSocketFrame) {
            type = BiliWsMsgType.PING;
        } else if (frame instanceof PongWebSocketFrame) {
            type = BiliWsMsgType.PONG;
        } else {
            type = BiliWsMsgType.CONTINUATION; // not reached: frames are aggregated
        }
        inbox.offer(new BiliWsMessage(data, type));
    }

    @Override
    protected void hookOnComplete() {
        // Reactor Netty records the close status (the peer's, ours, or 1006 for a dropped connection) before it
        // completes the inbound; a close we started has put the inbox in CLOSING already, so this is then ignored
        WebSocketCloseStatus status = closeStatus.get();
        if (status == null) {
            status = WebSocketCloseStatus.ABNORMAL_CLOSURE;
        }
        inbox.peerClosed(status.code(), status.reasonText());
        done.tryEmitEmpty();
    }

    @Override
    protected void hookOnError(Throwable error) {
        inbox.failed(error instanceof BiliClientException b ? b
                : new BiliClientException("WebSocket failed (webclient): " + error.getClass().getSimpleName()
                        + (error.getMessage() == null ? "" : ": " + error.getMessage()), error));
        done.tryEmitEmpty();
    }

    @Override
    public WsInbox inbox() {
        return inbox;
    }

    @Override
    public CompletableFuture<Void> send(byte[] data) {
        return out.sendObject(Mono.fromCallable(() -> new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data))))
                .then().toFuture();
    }

    @Override
    public CompletableFuture<Void> close(int code, String reason) {
        CompletableFuture<Void> closed = lifetime().toFuture();
        out.sendClose(code, reason).toFuture()
                .whenComplete((ignored, error) -> {
                    // sendClose writes the frame and then closes the channel; make sure it is gone either way
                    if (error != null) {
                        abort();
                    }
                });
        return closed;
    }

    @Override
    public void abort() {
        dispose(); // cancels the inbound subscription
        Connection c = connection.get();
        if (c != null) {
            c.dispose();
        }
        done.tryEmitEmpty();
    }

    /**
     * Returns how many frames the transport has handed to the inbox so far.
     *
     * @return the number of frames delivered
     */
    long deliveredFrames() {
        return delivered.get();
    }

    /**
     * Returns the thread that delivered the last frame (an event loop thread).
     *
     * @return the thread, or {@code null} before the first frame
     */
    Thread lastTransportThread() {
        return lastTransportThread;
    }
}
