package io.github.bilibiliapi.comment;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.github.bilibiliapi.internal.Nodes;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One comment (or reply).
 *
 * @param id         rpid
 * @param oid        the comment area's oid
 * @param type       the comment area's type code
 * @param mid        the author's mid
 * @param userName   the author's nickname
 * @param avatar     the author's avatar URL
 * @param text       the text ({@code content.message}; emotes as {@code [name]})
 * @param likes      like count
 * @param time       when it was posted, unix seconds
 * @param replyCount how many replies it has ({@code rcount})
 * @param root       the root comment's rpid (0 for a top-level comment)
 * @param parent     the parent comment's rpid (0 for a top-level comment)
 * @param pictures   URLs of attached pictures
 * @param pinned     whether it is pinned by the uploader
 * @param raw        the whole reply object, for fields not mapped here (not serialised to JSON)
 */
public record Comment(long id, long oid, int type, long mid, String userName, String avatar, String text, long likes,
        long time, long replyCount, long root, long parent, List<String> pictures, boolean pinned,
        @JsonIgnore JsonNode raw) {

    /** Copies the pictures. */
    public Comment {
        pictures = List.copyOf(pictures);
    }

    static Comment from(JsonNode r, boolean pinned) {
        JsonNode member = r.path("member");
        JsonNode content = r.path("content");
        return new Comment(Nodes.longOf(r.path("rpid")), Nodes.longOf(r.path("oid")), (int) Nodes.longOf(r.path("type")),
                Nodes.longOf(r.path("mid")), Nodes.text(member.path("uname")), Nodes.text(member.path("avatar")),
                Nodes.text(content.path("message")), Nodes.longOf(r.path("like")), Nodes.longOf(r.path("ctime")),
                Nodes.longOf(r.path("rcount")), Nodes.longOf(r.path("root")), Nodes.longOf(r.path("parent")),
                Nodes.list(content.path("pictures"), p -> Nodes.text(p.path("img_src"))), pinned, r);
    }
}
