package io.github.bilibiliapi.test.live;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What bilibili does to messages for a session that is not logged in, once it has sent {@code LOG_IN_NOTICE}: other
 * viewers' uids become 0 and their names are masked with {@code *}. The exact mask is not documented ("names masked
 * with *"); the fake keeps the first character and appends {@code ***}.
 */
final class LiveMasking {

    /** The message, as in the fixture {@code live_danmu_info_with_login} (LOG_IN_NOTICE.example). */
    static final String LOG_IN_NOTICE = "{\"cmd\":\"LOG_IN_NOTICE\",\"data\":{\"notice_msg\":\"为保护用户隐私，未登录无法查看他人昵称\","
            + "\"image_web\":\"http://i0.hdslb.com/bfs/dm/75e7c16b99208df259fe0a93354fd3440cbab412.png\","
            + "\"image_app\":\"http://i0.hdslb.com/bfs/dm/b632f7dcd3acf47deffb5f9ccc9546ae97a3415b.png\"}}";

    private LiveMasking() {
    }

    static String maskName(String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        return name.substring(0, name.offsetByCodePoints(0, 1)) + "***";
    }

    /** The masked copy of one message (JSON text); messages without user identities come back unchanged. */
    static String mask(JsonMapper json, String message) {
        JsonNode root = json.readTree(message);
        if (!root.isObject()) {
            return message;
        }
        String cmd = root.path("cmd").asString("");
        int colon = cmd.indexOf(':');
        String type = colon < 0 ? cmd : cmd.substring(0, colon);
        switch (type) {
            case "DANMU_MSG" -> {
                JsonNode info = root.get("info");
                if (info instanceof ArrayNode arr && arr.path(2) instanceof ArrayNode user) {
                    user.set(0, json.getNodeFactory().numberNode(0L));
                    user.set(1, json.getNodeFactory().stringNode(maskName(user.path(1).asString(""))));
                    if (arr.path(0).path(15).path("user") instanceof ObjectNode u) {
                        u.put("uid", 0);
                        if (u.path("base") instanceof ObjectNode base) {
                            base.put("name", maskName(base.path("name").asString("")));
                        }
                    }
                }
            }
            case "INTERACT_WORD", "ENTRY_EFFECT" -> {
                if (root.path("data") instanceof ObjectNode d) {
                    d.put("uid", 0);
                    if (d.has("uname")) {
                        d.put("uname", maskName(d.path("uname").asString("")));
                    }
                }
            }
            default -> {
                return message;
            }
        }
        return root.toString();
    }
}
