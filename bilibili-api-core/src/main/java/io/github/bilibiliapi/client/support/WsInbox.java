package io.github.bilibiliapi.client.support;

import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.BiliWsMessage;
import io.github.bilibiliapi.client.BiliWsMsgType;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The receiving side of one WebSocket, shared by every backend: matches incoming messages with {@code wsRecv} calls in
 * order, and turns closing and closed states into {@code CLOSING}/{@code CLOSED} answers so that no receive ever hangs.
 *
 * <p><b>Demand.</b> The transport is asked for exactly one more frame (the {@code demand} callback) each time a
 * receive starts waiting that no earlier request covers: a transport that honours it (JDK {@code request(1)}, Reactor
 * {@code request(1)}) never buffers more than it was asked for, so a slow consumer applies backpressure. A push-only
 * transport (OkHttp) ignores demand and messages queue here. A transport that allows only one outstanding demand, each
 * event it delivers satisfying it (Jetty's {@code Session.demand()}), uses {@link #oneAtATime(Runnable)}: the inbox
 * asks again after each delivery while receivers wait, and after {@link #closing()} until the peer's close arrives.
 *
 * <p>Futures are completed outside the lock, so a caller's continuation never runs while the inbox is locked.
 */
public final class WsInbox {

    private enum State { OPEN, PEER_CLOSED, CLOSING, CLOSED }

    private final Runnable demand;
    private final boolean single;
    private boolean demanded; // one-at-a-time mode: a demand is outstanding
    private final ArrayDeque<BiliWsMessage> buffered = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<BiliWsMessage>> waiting = new ArrayDeque<>();
    private State state = State.OPEN;
    private int outstandingDemand;

    /**
     * Creates an inbox.
     *
     * @param demand asks the transport for one more frame; must not block; may be a no-op
     */
    public WsInbox(Runnable demand) {
        this(demand, false);
    }

    private WsInbox(Runnable demand, boolean single) {
        this.demand = demand;
        this.single = single;
    }

    /**
     * Creates an inbox for a transport that allows one outstanding demand, satisfied by each event it delivers
     * through {@link #offer}.
     *
     * @param demand asks the transport for the next event; must not block
     * @return the inbox
     */
    public static WsInbox oneAtATime(Runnable demand) {
        return new WsInbox(demand, true);
    }

    /** One-at-a-time mode: whether to ask for the next event now; call under the lock. */
    private boolean askAgain() {
        if (demanded || !(state == State.OPEN && !waiting.isEmpty() || state == State.CLOSING)) {
            return false;
        }
        demanded = true;
        return true;
    }

    /**
     * Receives the next message.
     *
     * @return the next message, or {@code CLOSING}/{@code CLOSED}
     */
    public CompletableFuture<BiliWsMessage> receive() {
        boolean ask = false;
        CompletableFuture<BiliWsMessage> result;
        synchronized (this) {
            BiliWsMessage next = buffered.poll();
            if (next != null) {
                return CompletableFuture.completedFuture(next);
            }
            switch (state) {
                case PEER_CLOSED, CLOSED -> {
                    return CompletableFuture.completedFuture(BiliWsMessage.CLOSED);
                }
                case CLOSING -> {
                    return CompletableFuture.completedFuture(BiliWsMessage.CLOSING);
                }
                default -> {
                    result = new CompletableFuture<>();
                    waiting.add(result);
                    if (single) {
                        ask = askAgain();
                    } else if (outstandingDemand < waiting.size()) {
                        outstandingDemand++;
                        ask = true;
                    }
                }
            }
        }
        if (ask) {
            demand.run();
        }
        return result;
    }

    /**
     * Delivers a message from the transport.
     *
     * @param message the message
     */
    public void offer(BiliWsMessage message) {
        CompletableFuture<BiliWsMessage> receiver = null;
        boolean ask;
        synchronized (this) {
            if (outstandingDemand > 0) {
                outstandingDemand--;
            }
            demanded = false;
            if (state == State.OPEN) { // after a close nothing more is delivered
                receiver = waiting.poll();
                if (receiver == null) {
                    buffered.add(message);
                }
            }
            ask = single && askAgain();
        }
        if (receiver != null) {
            receiver.complete(message);
        }
        if (ask) {
            demand.run();
        }
    }

    /**
     * Delivers a message whose payload is copied from a buffer the transport may recycle once this returns.
     *
     * @param payload the payload, from its position to its limit (read: its position moves to the limit)
     * @param type    the message type
     */
    public void offer(ByteBuffer payload, BiliWsMsgType type) {
        byte[] data = new byte[payload.remaining()];
        payload.get(data);
        offer(new BiliWsMessage(data, type));
    }

    /**
     * Records the peer's close frame: delivered as a {@code CLOSE} message after what is buffered; later receives get
     * {@code CLOSED}.
     *
     * @param code   the close code
     * @param reason the reason
     */
    public void peerClosed(int code, String reason) {
        List<CompletableFuture<BiliWsMessage>> closedOnes = new ArrayList<>();
        CompletableFuture<BiliWsMessage> first;
        BiliWsMessage close = BiliWsMessage.close(code, reason);
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            state = State.PEER_CLOSED;
            first = waiting.poll();
            if (first == null) {
                buffered.add(close);
            }
            closedOnes.addAll(waiting);
            waiting.clear();
        }
        if (first != null) {
            first.complete(close);
        }
        closedOnes.forEach(f -> f.complete(BiliWsMessage.CLOSED));
    }

    /**
     * Records a transport failure: pending receives fail with it (so the caller learns why), later ones get
     * {@code CLOSED}.
     *
     * @param error the failure
     */
    public void failed(Throwable error) {
        List<CompletableFuture<BiliWsMessage>> pending;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            pending = new ArrayList<>(waiting);
            waiting.clear();
        }
        BiliClientException ex = error instanceof BiliClientException b ? b
                : new BiliClientException("WebSocket failed: " + error, error);
        pending.forEach(f -> f.completeExceptionally(ex));
    }

    /** Marks that this side started closing: pending and later receives get {@code CLOSING}; buffered data is dropped. */
    public void closing() {
        List<CompletableFuture<BiliWsMessage>> pending;
        boolean ask;
        synchronized (this) {
            if (state == State.CLOSED || state == State.CLOSING) {
                return;
            }
            state = State.CLOSING;
            buffered.clear();
            pending = new ArrayList<>(waiting);
            waiting.clear();
            ask = single && askAgain(); // the peer's close frame is an event too: it needs a demand to be read
        }
        pending.forEach(f -> f.complete(BiliWsMessage.CLOSING));
        if (ask) {
            demand.run();
        }
    }

    /** Marks the connection closed: pending and later receives get {@code CLOSED}. */
    public void closed() {
        List<CompletableFuture<BiliWsMessage>> pending;
        synchronized (this) {
            state = State.CLOSED;
            buffered.clear();
            pending = new ArrayList<>(waiting);
            waiting.clear();
        }
        pending.forEach(f -> f.complete(BiliWsMessage.CLOSED));
    }

    /**
     * Tells whether the connection is still open for receiving.
     *
     * @return {@code true} while neither side has closed
     */
    public synchronized boolean isOpen() {
        return state == State.OPEN;
    }

    /**
     * Returns how many messages wait for a receiver (for tests and metrics).
     *
     * @return the number of buffered messages
     */
    public synchronized int bufferedCount() {
        return buffered.size();
    }
}
