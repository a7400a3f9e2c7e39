package io.github.bilibiliapi.search;

/** Order of article search results ({@code order}). */
public enum ArticleOrder {
    /** Relevance (default). */
    TOTALRANK("totalrank"),
    /** Most read. */
    CLICK("click"),
    /** Newest. */
    PUBDATE("pubdate"),
    /** Most liked. */
    ATTENTION("attention"),
    /** Most commented. */
    SCORES("scores");

    private final String value;

    ArticleOrder(String value) {
        this.value = value;
    }

    /** @return what is sent */
    public String value() {
        return value;
    }
}
