package io.github.bilibiliapi.test.bilibili;

import java.util.ArrayList;
import java.util.List;

/**
 * A video danmaku as the fake serves it (its own type: the fake shares no code with the library).
 *
 * @param id       dmid
 * @param progress milliseconds
 * @param mode     mode
 * @param fontsize font size
 * @param color    RGB888
 * @param midHash  sender hash
 * @param content  text
 * @param ctime    unix seconds
 * @param weight   weight
 * @param pool     pool
 * @param attr     attribute bits
 */
public record FakeDanmaku(long id, int progress, int mode, int fontsize, int color, String midHash, String content,
        long ctime, int weight, int pool, int attr) {

    private static final int[] MODES = {1, 1, 4, 5, 1, 6, 7};
    private static final int[] SIZES = {25, 18, 36};
    private static final int[] COLORS = {16777215, 16646914, 16740868, 52480, 4351678, 10197915};
    private static final String[] WORDS = {"前方高能", "哈哈哈哈", "awsl", "第一！", "弹幕护体 <&>\"'", "233333",
            "emoji 🎉 ok"};

    /**
     * The danmaku of one segment, deterministic for (cid, segment).
     *
     * @param cid        the part
     * @param segment    1-based segment
     * @param count      how many
     * @param durationMs the part's duration (progress stays below it)
     * @return the danmaku
     */
    public static List<FakeDanmaku> segment(long cid, int segment, int count, long durationMs) {
        List<FakeDanmaku> out = new ArrayList<>(count);
        long from = (segment - 1) * 360_000L;
        long span = Math.max(1, Math.min(360_000L, durationMs - from));
        for (int k = 0; k < count; k++) {
            long id = cid * 100_000_000L + segment * 1_000_000L + k;
            int progress = (int) (from + (k * 7_919L) % span);
            out.add(new FakeDanmaku(id, progress, MODES[k % MODES.length], SIZES[k % SIZES.length],
                    COLORS[k % COLORS.length], Integer.toHexString((int) (id * 2_654_435_761L)),
                    WORDS[k % WORDS.length] + " #" + segment + "-" + k, 1_700_000_000L + k * 13L, k % 11,
                    k % 5 == 4 ? 1 : 0, k % 8));
        }
        return out;
    }
}
