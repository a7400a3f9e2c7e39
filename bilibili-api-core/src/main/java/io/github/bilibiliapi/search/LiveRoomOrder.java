package io.github.bilibiliapi.search;

/** Order of live room search results ({@code order}). */
public enum LiveRoomOrder {
    /** Most popular (default). */
    ONLINE("online"),
    /** Most recently started. */
    LIVE_TIME("live_time");

    private final String value;

    LiveRoomOrder(String value) {
        this.value = value;
    }

    /** @return what is sent */
    public String value() {
        return value;
    }
}
