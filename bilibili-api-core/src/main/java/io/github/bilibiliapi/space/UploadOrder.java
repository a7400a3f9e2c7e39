package io.github.bilibiliapi.space;

/** Order of a user's uploads ({@code order} of {@code /x/space/wbi/arc/search}). */
public enum UploadOrder {
    /** Newest first (default). */
    PUBDATE("pubdate"),
    /** Most played first. */
    CLICK("click"),
    /** Most favourited first. */
    STOW("stow");

    private final String value;

    UploadOrder(String value) {
        this.value = value;
    }

    /** @return what is sent */
    public String value() {
        return value;
    }
}
