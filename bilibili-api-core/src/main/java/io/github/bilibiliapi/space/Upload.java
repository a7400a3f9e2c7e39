package io.github.bilibiliapi.space;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.github.bilibiliapi.internal.Nodes;
import tools.jackson.databind.JsonNode;

/**
 * A video in a user's uploads.
 *
 * @param aid         aid
 * @param bvid        bvid
 * @param title       title
 * @param description description
 * @param cover       cover URL
 * @param created     publication time, unix seconds
 * @param length      duration text as sent ({@code MM:SS})
 * @param play        play count
 * @param comments    comment count
 * @param author      author's name (may differ from the space's owner for joint uploads)
 * @param mid         author's mid
 * @param raw         the whole {@code vlist} item (not serialised to JSON)
 */
public record Upload(long aid, String bvid, String title, String description, String cover, long created,
        String length, long play, long comments, String author, long mid, @JsonIgnore JsonNode raw) {

    static Upload from(JsonNode v) {
        return new Upload(Nodes.longOf(v.path("aid")), Nodes.text(v.path("bvid")), Nodes.text(v.path("title")),
                Nodes.text(v.path("description")), Nodes.text(v.path("pic")), Nodes.longOf(v.path("created")),
                Nodes.text(v.path("length")), Nodes.longOf(v.path("play")), Nodes.longOf(v.path("comment")),
                Nodes.text(v.path("author")), Nodes.longOf(v.path("mid")), v);
    }
}
