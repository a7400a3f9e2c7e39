package io.github.bilibiliapi.video;

import java.util.Objects;

/**
 * One danmaku of a video (protobuf {@code DanmakuElem} or an XML {@code <d>}).
 *
 * @param id         dmid
 * @param progressMs when it appears, milliseconds into the video
 * @param mode       1-3 scrolling, 4 bottom, 5 top, 6 reverse, 7 advanced, 8 code, 9 BAS
 * @param fontSize   18 small, 25 standard, 36 large
 * @param color      RGB888
 * @param midHash    the sender's mid hash (CRC32 in hex)
 * @param content    the text
 * @param ctime      sent at, unix seconds
 * @param weight     smart-blocking weight 0-10 (0 when the XML omits it)
 * @param pool       0 normal, 1 subtitle, 2 special
 * @param attr       bits: 0 protected, 1 live, 2 highly liked (0 from XML)
 */
public record VideoDanmaku(long id, int progressMs, int mode, int fontSize, int color, String midHash,
        String content, long ctime, int weight, int pool, int attr) {

    /**
     * Validates.
     *
     * @param id         see above
     * @param progressMs see above
     * @param mode       see above
     * @param fontSize   see above
     * @param color      see above
     * @param midHash    see above
     * @param content    see above
     * @param ctime      see above
     * @param weight     see above
     * @param pool       see above
     * @param attr       see above
     */
    public VideoDanmaku {
        Objects.requireNonNull(midHash, "midHash");
        Objects.requireNonNull(content, "content");
    }

    /** @return the colour as {@code #RRGGBB} */
    public String colorHex() {
        return String.format("#%06X", color & 0xFFFFFF);
    }
}
