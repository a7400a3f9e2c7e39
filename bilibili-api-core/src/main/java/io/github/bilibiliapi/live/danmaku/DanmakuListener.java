package io.github.bilibiliapi.live.danmaku;

/**
 * Receives danmaku events. Called on the connection's event thread, one event at a time and in order; keep it quick
 * (hand heavy work to your own executor), since the next frame is read only after the listeners return. An exception
 * thrown here is logged and does not affect other listeners or the connection.
 */
@FunctionalInterface
public interface DanmakuListener {

    /**
     * Handles one event.
     *
     * @param event the event
     * @throws Exception anything; it is logged and ignored
     */
    void onEvent(DanmakuEvent event) throws Exception;
}
