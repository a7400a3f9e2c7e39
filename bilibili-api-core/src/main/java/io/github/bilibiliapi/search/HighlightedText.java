package io.github.bilibiliapi.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A search result's text with bilibili's highlight markup ({@code <em class="keyword">…</em>}) stripped into a plain
 * text, the highlighted parts kept as ranges of it.
 *
 * @param text       the plain text (markup removed, HTML entities decoded)
 * @param highlights the highlighted ranges of {@code text}, in order
 */
public record HighlightedText(String text, List<Range> highlights) {

    private static final Pattern EM = Pattern.compile("<em(?:\\s[^>]*)?>(.*?)</em>", Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    /**
     * A highlighted range: {@code text.substring(start, end)}.
     *
     * @param start first char index
     * @param end   index after the last char
     */
    public record Range(int start, int end) {
        /** Validates. */
        public Range {
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("bad range " + start + ".." + end);
            }
        }
    }

    /** Copies the ranges. */
    public HighlightedText {
        Objects.requireNonNull(text, "text");
        highlights = List.copyOf(highlights);
    }

    /**
     * @param marked a text as bilibili sends it (null = empty)
     * @return the plain text and its highlighted ranges
     */
    public static HighlightedText parse(String marked) {
        if (marked == null || marked.isEmpty()) {
            return new HighlightedText("", List.of());
        }
        StringBuilder out = new StringBuilder(marked.length());
        List<Range> ranges = new ArrayList<>();
        Matcher m = EM.matcher(marked);
        int last = 0;
        while (m.find()) {
            out.append(plain(marked.substring(last, m.start())));
            int start = out.length();
            out.append(plain(m.group(1)));
            if (out.length() > start) {
                ranges.add(new Range(start, out.length()));
            }
            last = m.end();
        }
        out.append(plain(marked.substring(last)));
        return new HighlightedText(out.toString(), ranges);
    }

    /** @return the highlighted parts, in order */
    public List<String> highlighted() {
        List<String> out = new ArrayList<>(highlights.size());
        for (Range r : highlights) {
            out.add(text.substring(r.start(), r.end()));
        }
        return out;
    }

    private static String plain(String s) {
        String noTags = TAG.matcher(s).replaceAll("");
        return noTags.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    @Override
    public String toString() {
        return text;
    }
}
