package io.github.bilibiliapi.search;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The answer of {@code /x/web-interface/wbi/search/all/v2}: the first results of each kind.
 *
 * @param videos      the video group, typed
 * @param users       the bili_user group, typed
 * @param resultCount how many results bilibili reports per kind ({@code pageinfo.<kind>.numResults})
 * @param groups      every group by its {@code result_type}, raw (kinds not typed here: bangumi, films, topics...)
 * @param raw         the whole {@code data} object (not serialised to JSON)
 */
public record SearchOverview(List<VideoHit> videos, List<UserHit> users, Map<String, Long> resultCount,
        @JsonIgnore Map<String, JsonNode> groups, @JsonIgnore JsonNode raw) {

    /** Copies the collections. */
    public SearchOverview {
        videos = List.copyOf(videos);
        users = List.copyOf(users);
        resultCount = Map.copyOf(resultCount);
        groups = Map.copyOf(groups);
    }
}
