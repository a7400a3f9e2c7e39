package io.github.bilibiliapi.space;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.github.bilibiliapi.internal.Nodes;
import tools.jackson.databind.JsonNode;

/**
 * A user's relation counts ({@code /x/relation/stat}).
 *
 * @param mid       the user
 * @param following how many users they follow
 * @param followers how many follow them
 * @param raw       the whole {@code data} object (not serialised to JSON)
 */
public record RelationStat(long mid, long following, long followers, @JsonIgnore JsonNode raw) {

    static RelationStat from(JsonNode d) {
        return new RelationStat(Nodes.longOf(d.path("mid")), Nodes.longOf(d.path("following")),
                Nodes.longOf(d.path("follower")), d);
    }
}
