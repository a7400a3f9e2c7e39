package io.github.bilibiliapi.search;

/** Duration filter of video search ({@code duration}). */
public enum VideoDuration {
    /** Any length (default). */
    ANY(0),
    /** Under 10 minutes. */
    UNDER_10_MIN(1),
    /** 10 to 30 minutes. */
    FROM_10_TO_30_MIN(2),
    /** 30 to 60 minutes. */
    FROM_30_TO_60_MIN(3),
    /** Over 60 minutes. */
    OVER_60_MIN(4);

    private final int code;

    VideoDuration(int code) {
        this.code = code;
    }

    /** @return what is sent */
    public int code() {
        return code;
    }
}
