package io.github.bilibiliapi.live.danmaku;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/** Helpers shared by the typed views. */
final class Views {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Views() {
    }

    /** A JSON document sent inside a string ({@code extra}); missing or malformed gives a missing node. */
    static JsonNode embeddedJson(JsonNode text) {
        if (text == null || !text.isString() || text.stringValue().isEmpty()) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode n = JSON.readTree(text.stringValue());
            return n == null ? MissingNode.getInstance() : n;
        } catch (JacksonException e) {
            return MissingNode.getInstance();
        }
    }

    /** {@code data} of a message, required. */
    static JsonNode data(JsonNode raw, String cmd) {
        return DanmakuEvent.dataOf(raw, cmd);
    }

    /** A number bilibili sends sometimes as a number, sometimes as a string. */
    static long longOf(JsonNode n) {
        if (n == null) {
            return 0;
        }
        if (n.isNumber()) {
            return n.asLong();
        }
        if (n.isString()) {
            try {
                return Long.parseLong(n.stringValue().trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }
}
