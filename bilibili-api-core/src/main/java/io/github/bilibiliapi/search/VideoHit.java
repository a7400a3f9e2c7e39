package io.github.bilibiliapi.search;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.github.bilibiliapi.internal.Nodes;
import tools.jackson.databind.JsonNode;

/**
 * A video in search results.
 *
 * @param aid         aid
 * @param bvid        bvid
 * @param title       title, highlight stripped
 * @param author      uploader's name
 * @param mid         uploader's mid
 * @param description description
 * @param cover       cover URL (as sent: often protocol-relative {@code //i0.hdslb.com/...})
 * @param play        play count
 * @param danmaku     danmaku count
 * @param favorites   favourite count
 * @param duration    duration text as sent ({@code M:S})
 * @param pubdate     publication time, unix seconds
 * @param raw         the whole result item (not serialised to JSON)
 */
public record VideoHit(long aid, String bvid, HighlightedText title, String author, long mid, String description,
        String cover, long play, long danmaku, long favorites, String duration, long pubdate,
        @JsonIgnore JsonNode raw) {

    static VideoHit from(JsonNode v) {
        return new VideoHit(Nodes.longOf(v.path("aid")), Nodes.text(v.path("bvid")),
                HighlightedText.parse(Nodes.text(v.path("title"))), Nodes.text(v.path("author")),
                Nodes.longOf(v.path("mid")), Nodes.text(v.path("description")), Nodes.text(v.path("pic")),
                Nodes.longOf(v.path("play")), Nodes.longOf(v.path("video_review")),
                Nodes.longOf(v.path("favorites")), Nodes.text(v.path("duration")), Nodes.longOf(v.path("pubdate")), v);
    }
}
