package io.github.bilibiliapi.comment;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.github.bilibiliapi.internal.Nodes;
import tools.jackson.databind.JsonNode;

/**
 * What {@code /x/v2/reply/add} answered.
 *
 * @param id      the new comment's rpid
 * @param root    its root rpid (0 for a top-level comment)
 * @param parent  its parent rpid (0 for a top-level comment)
 * @param toast   bilibili's status text (e.g. 发送成功)
 * @param comment the created comment, or null when bilibili did not return it
 * @param raw     the whole {@code data} object (not serialised to JSON)
 */
public record PostedComment(long id, long root, long parent, String toast, Comment comment,
        @JsonIgnore JsonNode raw) {

    static PostedComment from(JsonNode d) {
        JsonNode reply = d.path("reply");
        return new PostedComment(Nodes.longOf(d.path("rpid")), Nodes.longOf(d.path("root")),
                Nodes.longOf(d.path("parent")), Nodes.text(d.path("success_toast")),
                reply.isObject() ? Comment.from(reply, false) : null, d);
    }
}
