package io.github.bilibiliapi.video;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * A fetched subtitle file (bilibili's JSON: {@code body[]} of {@code from}, {@code to}, {@code content}) with SRT and
 * WebVTT export.
 *
 * @param lines the cues in file order
 */
public record Subtitle(List<Line> lines) {

    /**
     * Copies the list.
     *
     * @param lines see above
     */
    public Subtitle {
        lines = List.copyOf(lines);
    }

    /**
     * One cue.
     *
     * @param fromSeconds start
     * @param toSeconds   end
     * @param content     text (may contain line breaks)
     * @param location    bilibili's position code (2 = bottom centre)
     */
    public record Line(double fromSeconds, double toSeconds, String content, int location) {
    }

    static Subtitle from(JsonNode root) {
        JsonNode body = root.path("body");
        if (!body.isArray()) {
            throw new DanmakuFormatException("subtitle JSON has no body array", null);
        }
        List<Line> lines = new ArrayList<>();
        for (JsonNode l : body) {
            lines.add(new Line(l.path("from").asDouble(0), l.path("to").asDouble(0), l.path("content").asString(""),
                    l.path("location").asInt(2)));
        }
        return new Subtitle(lines);
    }

    /** @return SubRip text: numbered cues, {@code HH:MM:SS,mmm} times, CRLF-free */
    public String toSrt() {
        StringBuilder sb = new StringBuilder();
        int n = 1;
        for (Line l : lines) {
            sb.append(n++).append('\n').append(time(l.fromSeconds, ',')).append(" --> ")
                    .append(time(l.toSeconds, ',')).append('\n').append(l.content).append("\n\n");
        }
        return sb.toString();
    }

    /** @return WebVTT text: the {@code WEBVTT} header, {@code HH:MM:SS.mmm} times */
    public String toWebVtt() {
        StringBuilder sb = new StringBuilder("WEBVTT\n\n");
        for (Line l : lines) {
            // "-->" inside a cue's text would end it early
            sb.append(time(l.fromSeconds, '.')).append(" --> ").append(time(l.toSeconds, '.')).append('\n')
                    .append(l.content.replace("-->", "->")).append("\n\n");
        }
        return sb.toString();
    }

    private static String time(double seconds, char separator) {
        long ms = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60,
                separator, ms % 1000);
    }
}
