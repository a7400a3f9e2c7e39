package io.github.bilibiliapi.live.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Opens the danmaku connection of one room and hands its events over: the seam between the cluster (assignment,
 * publishing) and the live client. {@link LiveDanmakuSource} is the implementation over {@code LiveDanmaku}; a richer
 * event model can be plugged in here without touching the rest.
 */
public interface RoomEventSource {

    /**
     * Starts watching a room. Events are delivered to {@code sink} one at a time and in order per room; the sink may
     * block (that is the back-pressure: the connection reads its next frame after the sink returns).
     *
     * @param roomId the room
     * @param sink   receives the room's events
     * @return the open connection
     */
    Connection open(long roomId, Consumer<RoomEvent> sink);

    /** One room's connection. */
    interface Connection {

        /**
         * Completes when the room is first connected; fails if it cannot be (unknown room, refused).
         *
         * @return the connect future
         */
        CompletableFuture<Void> connected();

        /**
         * Closes the connection for good; the last event (a {@code DISCONNECT}) has been delivered when it completes.
         *
         * @return completes when closed
         */
        CompletableFuture<Void> close();
    }
}
