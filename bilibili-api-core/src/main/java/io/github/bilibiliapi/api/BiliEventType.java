package io.github.bilibiliapi.api;

/** The kinds of events a {@link BiliContext} publishes: requests, responses, anti-spider steps, WebSockets. */
public enum BiliEventType {
    /** An {@link Api} is about to be sent (after signing). */
    API_REQUEST,
    /** An {@link Api} got its answer (or failed). */
    API_RESPONSE,
    /** Anti-crawler work: WBI key fetched, buvid activated, bili_ticket refreshed, a retry, a -509 notice. */
    ANTI_SPIDER,
    /** A WebSocket was opened through the context. */
    WS_CREATE,
    /** A WebSocket frame was sent. */
    WS_SEND,
    /** A WebSocket message was received. */
    WS_RECV,
    /** A WebSocket was closed. */
    WS_CLOSE
}
