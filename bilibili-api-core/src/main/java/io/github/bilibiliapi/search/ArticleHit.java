package io.github.bilibiliapi.search;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.github.bilibiliapi.internal.Nodes;
import tools.jackson.databind.JsonNode;

/**
 * An article (专栏) in search results.
 *
 * @param id      cvid
 * @param title   title, highlight stripped
 * @param mid     author's mid
 * @param desc    summary
 * @param view    read count
 * @param like    like count
 * @param pubTime publication time, unix seconds
 * @param raw     the whole result item (not serialised to JSON)
 */
public record ArticleHit(long id, HighlightedText title, long mid, String desc, long view, long like, long pubTime,
        @JsonIgnore JsonNode raw) {

    static ArticleHit from(JsonNode a) {
        return new ArticleHit(Nodes.longOf(a.path("id")), HighlightedText.parse(Nodes.text(a.path("title"))),
                Nodes.longOf(a.path("mid")), Nodes.text(a.path("desc")), Nodes.longOf(a.path("view")),
                Nodes.longOf(a.path("like")), Nodes.longOf(a.path("pub_time")), a);
    }
}
