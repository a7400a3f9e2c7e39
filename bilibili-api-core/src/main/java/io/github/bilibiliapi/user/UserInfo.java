package io.github.bilibiliapi.user;

import com.fasterxml.jackson.annotation.JsonIgnore;
import tools.jackson.databind.JsonNode;

/**
 * A user's public profile ({@code /x/space/wbi/acc/info}).
 *
 * @param mid   user id
 * @param name  nickname
 * @param sex   "男", "女" or "保密"
 * @param face  avatar URL
 * @param sign  signature text
 * @param level account level (0–6)
 * @param raw   the whole {@code data} object, for fields not mapped here
 */
public record UserInfo(long mid, String name, String sex, String face, String sign, int level,
        @JsonIgnore JsonNode raw) {

    static UserInfo from(JsonNode data) {
        return new UserInfo(data.path("mid").asLong(0), data.path("name").asString(""),
                data.path("sex").asString(""), data.path("face").asString(""), data.path("sign").asString(""),
                data.path("level").asInt(0), data);
    }
}
