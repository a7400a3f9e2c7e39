package io.github.bilibiliapi.live;

/**
 * How {@link LiveService#sendDanmaku} sends a message.
 *
 * @param color     text colour {@code 0xRRGGBB} (bilibili reportedly ignores it); default white
 * @param mode      1 scrolling (default), 4 bottom, 5 top
 * @param fontSize  font size, default 25
 * @param maxLength the account's length limit in characters (code points) in this room; longer texts are split into
 *                  several messages of at most this length. bilibili's limit is 20, 30 or 40 depending on the
 *                  account; 0 (the default) means unknown and uses 20, which every account may send
 * @param replyMid  the user to mention (@) with the first message, 0 for none
 */
public record SendDanmakuOptions(int color, int mode, int fontSize, int maxLength, long replyMid) {

    /** The length limit used when {@link #maxLength()} is 0: the lowest tier, which every account may send. */
    public static final int DEFAULT_MAX_LENGTH = 20;

    private static final SendDanmakuOptions DEFAULTS = new SendDanmakuOptions(0xFFFFFF, 1, 25, 0, 0);

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException naming the first bad option
     */
    public SendDanmakuOptions {
        if (color < 0 || color > 0xFFFFFF) {
            throw new IllegalArgumentException("color must be 0xRRGGBB, was " + color);
        }
        if (mode != 1 && mode != 4 && mode != 5) {
            throw new IllegalArgumentException("mode must be 1 (scroll), 4 (bottom) or 5 (top), was " + mode);
        }
        if (fontSize <= 0) {
            throw new IllegalArgumentException("fontSize must be positive, was " + fontSize);
        }
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must be 0 (unknown) or positive, was " + maxLength);
        }
        if (replyMid < 0) {
            throw new IllegalArgumentException("replyMid must not be negative, was " + replyMid);
        }
    }

    /**
     * White, scrolling, size 25, length limit unknown (20), no mention.
     *
     * @return the defaults
     */
    public static SendDanmakuOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options with another length limit.
     *
     * @param maxLength 0 (unknown: 20) or a positive limit
     * @return the copy
     */
    public SendDanmakuOptions withMaxLength(int maxLength) {
        return new SendDanmakuOptions(color, mode, fontSize, maxLength, replyMid);
    }

    /**
     * These options with another colour.
     *
     * @param color {@code 0xRRGGBB}
     * @return the copy
     */
    public SendDanmakuOptions withColor(int color) {
        return new SendDanmakuOptions(color, mode, fontSize, maxLength, replyMid);
    }

    /**
     * These options with another display mode.
     *
     * @param mode 1 scrolling, 4 bottom, 5 top
     * @return the copy
     */
    public SendDanmakuOptions withMode(int mode) {
        return new SendDanmakuOptions(color, mode, fontSize, maxLength, replyMid);
    }

    /**
     * These options mentioning a user.
     *
     * @param replyMid the user's mid, 0 for none
     * @return the copy
     */
    public SendDanmakuOptions withReplyMid(long replyMid) {
        return new SendDanmakuOptions(color, mode, fontSize, maxLength, replyMid);
    }

    int effectiveMaxLength() {
        return maxLength > 0 ? maxLength : DEFAULT_MAX_LENGTH;
    }
}
