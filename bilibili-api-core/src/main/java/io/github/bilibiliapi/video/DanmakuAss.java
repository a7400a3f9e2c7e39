package io.github.bilibiliapi.video;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Renders a video's danmaku as an Advanced SubStation Alpha ({@code .ass}) subtitle file, so a player (mpv, VLC,
 * PotPlayer) or {@code ffmpeg -vf subtitles=} shows them over the downloaded video the way the web player does.
 *
 * <p>Scrolling danmaku (modes 1–3) move right to left, reverse ones (mode 6) left to right, both in lanes chosen so
 * that no danmaku overlaps or catches up with the one ahead of it; top (mode 5) and bottom (mode 4) danmaku stay
 * centred for {@linkplain Builder#staticSeconds(double) a while}, stacking downwards and upwards. Advanced (7), code
 * (8) and BAS (9) danmaku are scripts for the web player and are skipped. Colours and the three font sizes are kept;
 * sizes scale with the video's height (standard size 25 is 50 px at 1080 lines).
 *
 * <p>Text widths are estimated (CJK, kana, Hangul, fullwidth forms and emoji one em, everything else 0.6 em), as a
 * renderer's font metrics are not known here. Braces and the {@code \N}/{@code \n}/{@code \h} sequences in a
 * danmaku's text are escaped so that text never becomes ASS override tags; the escapes are libass's (mpv, ffmpeg,
 * VLC).
 *
 * <p>Instances are immutable and thread-safe: build one per resolution and reuse it.
 */
public final class DanmakuAss {

    /** Largest width or height accepted (the lane bookkeeping holds one slot per pixel row). */
    static final int MAX_DIMENSION = 16_384;

    private static final int STANDARD_SIZE = 25;

    private final int width;
    private final int height;
    private final String fontName;
    private final double fontScale;
    private final double scrollSeconds;
    private final double staticSeconds;
    private final double opacity;
    private final double scrollArea;
    private final boolean dropWhenFull;
    private final String title;

    private DanmakuAss(Builder b) {
        this.width = b.width;
        this.height = b.height;
        this.fontName = b.fontName;
        this.fontScale = Double.isNaN(b.fontScale) ? b.height / 540.0 : b.fontScale;
        this.scrollSeconds = b.scrollSeconds;
        this.staticSeconds = b.staticSeconds;
        this.opacity = b.opacity;
        this.scrollArea = b.scrollArea;
        this.dropWhenFull = b.dropWhenFull;
        this.title = b.title;
    }

    /**
     * @param width  the video's width in pixels (the ASS {@code PlayResX}), 1–16384
     * @param height the video's height in pixels (the ASS {@code PlayResY}), 1–16384
     * @return a builder with the defaults: font {@code sans-serif}, 8 s to cross the screen, 5 s for top/bottom
     *         danmaku, opacity 0.8, the whole height for scrolling lanes, a crowded danmaku shares the lane that
     *         frees first
     * @throws IllegalArgumentException if a dimension is out of range
     */
    public static Builder builder(int width, int height) {
        return new Builder(width, height);
    }

    /**
     * @param width  see {@link #builder(int, int)}
     * @param height see {@link #builder(int, int)}
     * @return an exporter with the defaults
     * @throws IllegalArgumentException if a dimension is out of range
     */
    public static DanmakuAss of(int width, int height) {
        return builder(width, height).build();
    }

    /**
     * Renders a whole file.
     *
     * @param danmaku the danmaku, in any order (they are placed by time)
     * @return the {@code .ass} text
     */
    public String toAss(Collection<VideoDanmaku> danmaku) {
        StringBuilder sb = new StringBuilder(256 + 128 * danmaku.size());
        write(danmaku, sb);
        return sb.toString();
    }

    /**
     * Writes a whole file.
     *
     * @param danmaku the danmaku, in any order (they are placed by time)
     * @param out     where the text goes (a {@link java.io.Writer} for a file: wrap it in a buffer)
     * @return what was written, dropped and skipped
     * @throws UncheckedIOException if {@code out} fails
     */
    public Summary write(Collection<VideoDanmaku> danmaku, Appendable out) {
        Objects.requireNonNull(danmaku, "danmaku");
        Objects.requireNonNull(out, "out");
        List<VideoDanmaku> sorted = new ArrayList<>(danmaku);
        // stable: danmaku of the same millisecond keep their order
        sorted.sort(Comparator.comparingInt(VideoDanmaku::progressMs));
        try {
            header(out);
            return events(sorted, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What {@link #write} did.
     *
     * @param written     danmaku written as events
     * @param overlapped  of those, how many had no free lane and share the lane that freed first
     * @param dropped     danmaku left out because no lane was free ({@link Builder#dropWhenFull(boolean)})
     * @param unsupported advanced, code and BAS danmaku (modes 7–9) and unknown modes, left out
     */
    public record Summary(int written, int overlapped, int dropped, int unsupported) {
    }

    // ------------------------------------------------------------------------------------------------ file

    private void header(Appendable out) throws IOException {
        int alpha = (int) Math.round((1 - opacity) * 255);
        out.append("[Script Info]\n")
                .append("; danmaku rendered by bilibili-api-spring-boot-starter\n")
                .append("Title: ").append(title).append('\n')
                .append("ScriptType: v4.00+\n")
                .append("WrapStyle: 2\n")
                .append("ScaledBorderAndShadow: yes\n")
                .append("PlayResX: ").append(Integer.toString(width)).append('\n')
                .append("PlayResY: ").append(Integer.toString(height)).append("\n\n")
                .append("[V4+ Styles]\n")
                .append("Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, "
                        + "Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, "
                        + "Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n")
                .append(String.format(Locale.ROOT,
                        "Style: Danmaku,%s,%d,&H%02XFFFFFF,&H%02XFFFFFF,&H%02X000000,&H%02X000000,"
                                + "0,0,0,0,100,100,0,0,1,%s,0,7,0,0,0,1\n",
                        fontName, pixels(STANDARD_SIZE), alpha, alpha, alpha, alpha, decimal(outline())))
                .append('\n')
                .append("[Events]\n")
                .append("Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n");
    }

    private Summary events(List<VideoDanmaku> sorted, Appendable out) throws IOException {
        Lanes scroll = new Lanes((int) Math.floor(height * scrollArea));
        Lanes reverse = new Lanes((int) Math.floor(height * scrollArea));
        Lanes top = new Lanes(height);
        Lanes bottom = new Lanes(height);
        int written = 0;
        int overlapped = 0;
        int dropped = 0;
        int unsupported = 0;
        for (VideoDanmaku d : sorted) {
            Lanes lanes = switch (d.mode()) {
                case 1, 2, 3 -> scroll;
                case 6 -> reverse;
                case 5 -> top;
                case 4 -> bottom;
                default -> null;
            };
            if (lanes == null) {
                unsupported++;
                continue;
            }
            String[] lines = d.content().split("\r\n|\r|\n", -1);
            int fontPx = pixels(d.fontSize() > 0 ? d.fontSize() : STANDARD_SIZE);
            int boxHeight = Math.min(fontPx * lines.length, lanes.rows.length);
            int boxWidth = (textWidth(lines) * fontPx + 9) / 10;
            boolean moving = lanes == scroll || lanes == reverse;
            double seconds = moving ? scrollSeconds : staticSeconds;
            Placed item = new Placed(d.progressMs() / 1000.0, boxWidth, gap(fontPx));
            int row = lanes.free(item, boxHeight, moving);
            if (row < 0) {
                if (dropWhenFull) {
                    dropped++;
                    continue;
                }
                row = lanes.freesFirst(item, boxHeight, moving);
                overlapped++;
            }
            lanes.mark(row, boxHeight, item);
            out.append("Dialogue: 0,").append(time(d.progressMs())).append(',')
                    .append(time(d.progressMs() + Math.round(seconds * 1000))).append(",Danmaku,,0,0,0,,{");
            if (lanes == scroll) {
                out.append(String.format(Locale.ROOT, "\\move(%d,%d,%d,%d)", width, row, -boxWidth, row));
            } else if (lanes == reverse) {
                out.append(String.format(Locale.ROOT, "\\move(%d,%d,%d,%d)", -boxWidth, row, width, row));
            } else if (lanes == top) {
                out.append(String.format(Locale.ROOT, "\\an8\\pos(%d,%d)", width / 2, row));
            } else {
                // bottom lanes count upwards from the bottom edge
                out.append(String.format(Locale.ROOT, "\\an2\\pos(%d,%d)", width / 2, height - row));
            }
            if (fontPx != pixels(STANDARD_SIZE)) {
                out.append("\\fs").append(Integer.toString(fontPx));
            }
            int rgb = d.color() & 0xFFFFFF;
            if (rgb != 0xFFFFFF) {
                out.append(String.format(Locale.ROOT, "\\c&H%02X%02X%02X&", rgb & 0xFF, (rgb >> 8) & 0xFF,
                        rgb >> 16));
                if (dark(rgb)) {
                    // a black outline would hide dark text: outline it in white
                    out.append("\\3c&HFFFFFF&");
                }
            }
            out.append('}');
            for (int i = 0; i < lines.length; i++) {
                if (i > 0) {
                    out.append("\\N");
                }
                out.append(escape(lines[i]));
            }
            out.append('\n');
            written++;
        }
        return new Summary(written, overlapped, dropped, unsupported);
    }

    // ------------------------------------------------------------------------------------------------ lanes

    /** A danmaku on screen: when it starts, how wide it is and the gap kept around it, in pixels. */
    private record Placed(double start, int width, int gap) {
    }

    /**
     * One kind of lane (scrolling, reverse, top, bottom): the last danmaku placed on each pixel row. Danmaku arrive in
     * time order, so the last one on a row is the only one a new danmaku can collide with there.
     */
    private final class Lanes {

        final Placed[] rows;

        Lanes(int rows) {
            this.rows = new Placed[Math.max(rows, 1)];
        }

        /** @return the first row from which {@code h} rows are free for {@code item}, or -1 */
        int free(Placed item, int h, boolean moving) {
            int row = 0;
            scan:
            while (row + h <= rows.length) {
                for (int r = row; r < row + h; r++) {
                    if (waitFor(rows[r], item, moving) > 0) {
                        // no box starting at or above r fits: continue below it
                        row = r + 1;
                        continue scan;
                    }
                }
                return row;
            }
            return -1;
        }

        /** @return the lane-aligned row whose rows free soonest for {@code item} (all are taken) */
        int freesFirst(Placed item, int h, boolean moving) {
            int best = 0;
            double bestWait = Double.MAX_VALUE;
            for (int row = 0; row + h <= rows.length; row += h) {
                double wait = 0;
                for (int r = row; r < row + h; r++) {
                    wait = Math.max(wait, waitFor(rows[r], item, moving));
                }
                if (wait < bestWait) {
                    bestWait = wait;
                    best = row;
                }
            }
            return best;
        }

        void mark(int row, int h, Placed item) {
            for (int r = row; r < row + h; r++) {
                rows[r] = item;
            }
        }

        /**
         * How much later than {@code next.start} it could start without touching {@code ahead}, 0 if it fits now.
         * Scrolling: every danmaku travels from one edge until it has fully left the other in the same time D, so a
         * wider one is faster. The one ahead (width a) must be a gap g into the screen when the new one (width n)
         * starts: a start difference of D (a + g) / (W + a); and the new one must still be g from the far edge when
         * the one ahead has left: D (n + g) / (W + n). The distance between them changes linearly, so holding at
         * both moments means it holds throughout.
         */
        double waitFor(Placed ahead, Placed next, boolean moving) {
            if (ahead == null) {
                return 0;
            }
            double needed;
            if (moving) {
                needed = scrollSeconds * Math.max((ahead.width + ahead.gap) / (double) (width + ahead.width),
                        (next.width + next.gap) / (double) (width + next.width));
            } else {
                needed = staticSeconds;
            }
            return Math.max(0, ahead.start + needed - next.start);
        }
    }

    // ------------------------------------------------------------------------------------------------ text

    /**
     * Keeps text literal in libass: braces would open override tags, and a backslash before {@code N}, {@code n} or
     * {@code h} would be a line break or a hard space (a WORD JOINER between them keeps both characters visible).
     */
    static String escape(String line) {
        StringBuilder sb = new StringBuilder(line.length() + 8);
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            switch (c) {
                case '{' -> sb.append("\\{");
                case '}' -> sb.append("\\}");
                case '\\' -> {
                    sb.append('\\');
                    char next = i + 1 < line.length() ? line.charAt(i + 1) : 0;
                    if (next == 'N' || next == 'n' || next == 'h') {
                        sb.append('\u2060');
                    }
                }
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** @return the widest line's width in tenths of an em (integers: no rounding drift in long lines) */
    static int textWidth(String[] lines) {
        int widest = 0;
        for (String line : lines) {
            int w = 0;
            for (int i = 0; i < line.length(); ) {
                int cp = line.codePointAt(i);
                i += Character.charCount(cp);
                w += wide(cp) ? 10 : Character.isISOControl(cp) ? 0 : 6;
            }
            widest = Math.max(widest, w);
        }
        return widest;
    }

    private static boolean wide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF)
                || (cp >= 0x20000 && cp <= 0x3FFFD);
    }

    private static boolean dark(int rgb) {
        int r = rgb >> 16;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        return r * 299 + g * 587 + b * 114 < 60_000;
    }

    private int pixels(int fontSize) {
        return Math.max(1, (int) Math.round(fontSize * fontScale));
    }

    private int gap(int fontPx) {
        return Math.max(2, fontPx / 2);
    }

    private double outline() {
        return Math.max(1, Math.round(fontScale * 2) / 2.0);
    }

    private static String decimal(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** @return {@code H:MM:SS.cc}, the ASS time format */
    static String time(long ms) {
        long cs = Math.round(ms / 10.0);
        return String.format(Locale.ROOT, "%d:%02d:%02d.%02d", cs / 360_000, cs / 6000 % 60, cs / 100 % 60, cs % 100);
    }

    // ------------------------------------------------------------------------------------------------ builder

    /** Options of a {@link DanmakuAss}; only the video's resolution is required. */
    public static final class Builder {

        private final int width;
        private final int height;
        private String fontName = "sans-serif";
        private double fontScale = Double.NaN;
        private double scrollSeconds = 8;
        private double staticSeconds = 5;
        private double opacity = 0.8;
        private double scrollArea = 1;
        private boolean dropWhenFull;
        private String title = "danmaku";

        private Builder(int width, int height) {
            this.width = dimension(width, "width");
            this.height = dimension(height, "height");
        }

        private static int dimension(int value, String name) {
            if (value < 1 || value > MAX_DIMENSION) {
                throw new IllegalArgumentException(name + " must be 1.." + MAX_DIMENSION + " pixels, got " + value);
            }
            return value;
        }

        private static double positive(double value, double max, String name) {
            if (!(value > 0 && value <= max)) {
                throw new IllegalArgumentException(name + " must be in (0, " + decimal(max) + "], got " + value);
            }
            return value;
        }

        /**
         * @param fontName the font family, as the player's font lookup knows it (no comma or line break)
         * @return this builder
         * @throws IllegalArgumentException if it is blank or contains a comma or a line break
         */
        public Builder fontName(String fontName) {
            Objects.requireNonNull(fontName, "fontName");
            if (fontName.isBlank() || fontName.chars().anyMatch(c -> c == ',' || c == '\n' || c == '\r')) {
                throw new IllegalArgumentException("fontName must be a non-blank name without ',' or line breaks");
            }
            this.fontName = fontName.strip();
            return this;
        }

        /**
         * @param fontScale pixels per bilibili font-size unit (default height / 540: size 25 is 50 px at 1080 lines),
         *                  above 0 and at most 100
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder fontScale(double fontScale) {
            this.fontScale = positive(fontScale, 100, "fontScale");
            return this;
        }

        /**
         * @param scrollSeconds how long a scrolling danmaku takes to cross the screen (default 8), above 0 and at
         *                      most 60
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder scrollSeconds(double scrollSeconds) {
            this.scrollSeconds = positive(scrollSeconds, 60, "scrollSeconds");
            return this;
        }

        /**
         * @param staticSeconds how long a top or bottom danmaku stays (default 5), above 0 and at most 60
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder staticSeconds(double staticSeconds) {
            this.staticSeconds = positive(staticSeconds, 60, "staticSeconds");
            return this;
        }

        /**
         * @param opacity text opacity (default 0.8), above 0 and at most 1
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder opacity(double opacity) {
            this.opacity = positive(opacity, 1, "opacity");
            return this;
        }

        /**
         * @param scrollArea the fraction of the height, from the top, that scrolling danmaku may use (default 1; 0.5
         *                   keeps the lower half, where subtitles are, clear), above 0 and at most 1
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder scrollArea(double scrollArea) {
            this.scrollArea = positive(scrollArea, 1, "scrollArea");
            return this;
        }

        /**
         * @param dropWhenFull leave a danmaku out when no lane is free for it (a screen without overlaps) instead of
         *                     sharing the lane that frees first (default false: every danmaku is shown)
         * @return this builder
         */
        public Builder dropWhenFull(boolean dropWhenFull) {
            this.dropWhenFull = dropWhenFull;
            return this;
        }

        /**
         * @param title the script's title (line breaks become spaces)
         * @return this builder
         */
        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title").replaceAll("[\r\n]+", " ");
            return this;
        }

        /** @return the exporter */
        public DanmakuAss build() {
            return new DanmakuAss(this);
        }
    }
}
