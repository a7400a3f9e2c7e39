package io.github.bilibiliapi.search;

/** Order of video search results ({@code order}). */
public enum VideoOrder {
    /** Relevance (bilibili's default). */
    TOTALRANK("totalrank"),
    /** Most played. */
    CLICK("click"),
    /** Newest. */
    PUBDATE("pubdate"),
    /** Most danmaku. */
    DM("dm"),
    /** Most favourited. */
    STOW("stow"),
    /** Most commented. */
    SCORES("scores");

    private final String value;

    VideoOrder(String value) {
        this.value = value;
    }

    /** @return what is sent */
    public String value() {
        return value;
    }
}
