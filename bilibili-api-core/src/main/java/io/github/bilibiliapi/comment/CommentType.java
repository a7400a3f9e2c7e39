package io.github.bilibiliapi.comment;

/** What a comment area belongs to: bilibili's {@code type} code, with the meaning of its {@code oid}. */
public enum CommentType {
    /** A video; oid = aid. */
    VIDEO(1),
    /** A topic; oid = topic id. */
    TOPIC(2),
    /** An activity; oid = activity id. */
    ACTIVITY(4),
    /** A short video; oid = its id. */
    SHORT_VIDEO(5),
    /** A notice; oid = notice id. */
    NOTICE(7),
    /** A live activity; oid = room id. */
    LIVE_ACTIVITY(8),
    /** An album (a dynamic with pictures); oid = album id ({@code basic.comment_id_str} of the dynamic). */
    ALBUM(11),
    /** An article (专栏); oid = cvid. */
    ARTICLE(12),
    /** An audio; oid = auid. */
    AUDIO(14),
    /** A text or forward dynamic; oid = dynamic id. */
    DYNAMIC(17),
    /** A manga; oid = mcid. */
    MANGA(22),
    /** A course; oid = epid. */
    COURSE(33);

    private final int code;

    CommentType(int code) {
        this.code = code;
    }

    /** @return bilibili's {@code type} code */
    public int code() {
        return code;
    }

    /**
     * @param code a {@code type} code
     * @return its constant
     * @throws IllegalArgumentException naming {@code type} for a code this library does not know
     */
    public static CommentType of(int code) {
        for (CommentType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("type " + code + " is not a known comment area type");
    }
}
