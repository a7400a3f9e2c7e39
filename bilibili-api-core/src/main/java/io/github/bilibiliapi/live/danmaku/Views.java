package io.github.bilibiliapi.live.danmaku;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/** Helpers shared by the typed views. */
final class Views {

    private Views() {
    }

    /**
     * A JSON document sent inside a string ({@code extra}), read only as far as {@code pick} needs when it is an
     * object; missing gives a missing node, and so does a syntax error in the part read (one past it goes unseen).
     */
    static JsonNode embeddedJson(JsonNode text, MessageReader.Pick pick) {
        if (text == null || !text.isString() || text.stringValue().isEmpty()) {
            return MissingNode.getInstance();
        }
        JsonNode n = MessageReader.document(text.stringValue().getBytes(StandardCharsets.UTF_8), pick);
        return n == null ? MissingNode.getInstance() : n;
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
