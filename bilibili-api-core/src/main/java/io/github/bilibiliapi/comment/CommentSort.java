package io.github.bilibiliapi.comment;

/** How comments are ordered ({@code mode} of {@code /x/v2/reply/wbi/main}). */
public enum CommentSort {
    /** Newest first ({@code mode=2}). */
    TIME(2),
    /** Hottest first ({@code mode=3}, bilibili's default). */
    HOT(3);

    private final int mode;

    CommentSort(int mode) {
        this.mode = mode;
    }

    /** @return bilibili's {@code mode} */
    public int mode() {
        return mode;
    }
}
