package io.github.bilibiliapi.api;

/**
 * Receives the events of a {@link BiliContext}. Called synchronously on the thread that produced the event (often a
 * backend's I/O thread): return quickly. An exception thrown here is logged and does not affect the request.
 */
@FunctionalInterface
public interface BiliEventListener {

    /** @param event the event (secrets already masked) */
    void onEvent(BiliEvent event);
}
