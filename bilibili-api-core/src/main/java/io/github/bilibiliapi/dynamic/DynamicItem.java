package io.github.bilibiliapi.dynamic;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.github.bilibiliapi.internal.Nodes;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One dynamic of a feed.
 *
 * @param id          the dynamic id ({@code id_str})
 * @param type        bilibili's type ({@code DYNAMIC_TYPE_…})
 * @param kind        the typed kind
 * @param authorMid   author's mid
 * @param authorName  author's name
 * @param publishedAt publication time, unix seconds
 * @param text        the text (the description or the opus summary), "" if none
 * @param pinned      whether it is pinned (置顶) on the space
 * @param commentType the comment area's type code ({@code basic.comment_type}), for {@code CommentService}
 * @param commentOid  the comment area's oid ({@code basic.comment_id_str}), 0 if none
 * @param content     the typed content
 * @param raw         the whole item (not serialised to JSON)
 */
public record DynamicItem(String id, String type, DynamicKind kind, long authorMid, String authorName,
        long publishedAt, String text, boolean pinned, int commentType, long commentOid, DynamicContent content,
        @JsonIgnore JsonNode raw) {

    static DynamicItem from(JsonNode item) {
        String type = Nodes.text(item.path("type"));
        DynamicKind kind = DynamicKind.of(type);
        JsonNode modules = item.path("modules");
        JsonNode author = modules.path("module_author");
        JsonNode dynamic = modules.path("module_dynamic");
        JsonNode major = dynamic.path("major");
        String text = Nodes.text(dynamic.path("desc").path("text"));
        if (text.isEmpty()) {
            text = Nodes.text(major.path("opus").path("summary").path("text"));
        }
        boolean pinned = !modules.path("module_tag").isMissingNode()
                && Nodes.text(modules.path("module_tag").path("text")).contains("置顶");
        JsonNode basic = item.path("basic");
        return new DynamicItem(Nodes.text(item.path("id_str")), type, kind, Nodes.longOf(author.path("mid")),
                Nodes.text(author.path("name")), Nodes.longOf(author.path("pub_ts")), text, pinned,
                (int) Nodes.longOf(basic.path("comment_type")), Nodes.longOf(basic.path("comment_id_str")),
                content(kind, item, major), item);
    }

    private static DynamicContent content(DynamicKind kind, JsonNode item, JsonNode major) {
        switch (kind) {
            case VIDEO -> {
                JsonNode a = major.path("archive");
                return new DynamicContent.Video(Nodes.longOf(a.path("aid")), Nodes.text(a.path("bvid")),
                        Nodes.text(a.path("title")), Nodes.text(a.path("cover")), Nodes.text(a.path("duration_text")));
            }
            case DRAW -> {
                List<DynamicContent.Picture> pictures = new ArrayList<>();
                pictures.addAll(Nodes.list(major.path("opus").path("pics"), p -> new DynamicContent.Picture(
                        Nodes.text(p.path("url")), (int) Nodes.longOf(p.path("width")),
                        (int) Nodes.longOf(p.path("height")))));
                pictures.addAll(Nodes.list(major.path("draw").path("items"), p -> new DynamicContent.Picture(
                        Nodes.text(p.path("src")), (int) Nodes.longOf(p.path("width")),
                        (int) Nodes.longOf(p.path("height")))));
                return new DynamicContent.Draw(pictures);
            }
            case WORD -> {
                return new DynamicContent.Word();
            }
            case FORWARD -> {
                JsonNode orig = item.path("orig");
                return new DynamicContent.Forward(orig.isObject() ? from(orig) : null);
            }
            case ARTICLE -> {
                JsonNode a = major.path("article");
                if (a.isObject()) {
                    return new DynamicContent.Article(Nodes.longOf(a.path("id")), Nodes.text(a.path("title")),
                            Nodes.list(a.path("covers"), Nodes::text));
                }
                JsonNode opus = major.path("opus");
                return new DynamicContent.Article(Nodes.longOf(item.path("basic").path("rid_str")),
                        Nodes.text(opus.path("title")),
                        Nodes.list(opus.path("pics"), p -> Nodes.text(p.path("url"))));
            }
            case LIVE -> {
                JsonNode l = major.path("live");
                return new DynamicContent.Live(Nodes.longOf(l.path("id")), Nodes.text(l.path("title")),
                        Nodes.text(l.path("cover")), Nodes.longOf(l.path("live_state")) == 1);
            }
            default -> {
                return new DynamicContent.Other(Nodes.text(major.path("type")));
            }
        }
    }
}
