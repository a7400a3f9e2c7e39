package io.github.bilibiliapi.dynamic;

/** The kinds of dynamic this library types; everything else is {@link #OTHER} with the raw JSON kept. */
public enum DynamicKind {
    /** {@code DYNAMIC_TYPE_AV}: a video upload. */
    VIDEO,
    /** {@code DYNAMIC_TYPE_DRAW}: a post with pictures. */
    DRAW,
    /** {@code DYNAMIC_TYPE_WORD}: text only. */
    WORD,
    /** {@code DYNAMIC_TYPE_FORWARD}: a repost of another dynamic. */
    FORWARD,
    /** {@code DYNAMIC_TYPE_ARTICLE}: an article. */
    ARTICLE,
    /** {@code DYNAMIC_TYPE_LIVE} / {@code DYNAMIC_TYPE_LIVE_RCMD}: a live room. */
    LIVE,
    /** Any other type (see {@link DynamicItem#type()} and {@link DynamicItem#raw()}). */
    OTHER;

    static DynamicKind of(String type) {
        return switch (type) {
            case "DYNAMIC_TYPE_AV" -> VIDEO;
            case "DYNAMIC_TYPE_DRAW" -> DRAW;
            case "DYNAMIC_TYPE_WORD" -> WORD;
            case "DYNAMIC_TYPE_FORWARD" -> FORWARD;
            case "DYNAMIC_TYPE_ARTICLE" -> ARTICLE;
            case "DYNAMIC_TYPE_LIVE", "DYNAMIC_TYPE_LIVE_RCMD" -> LIVE;
            default -> OTHER;
        };
    }
}
