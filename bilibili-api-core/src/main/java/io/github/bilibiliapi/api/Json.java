package io.github.bilibiliapi.api;

import tools.jackson.databind.JsonNode;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The one mapper of the Api layer (thread-safe) and null-safe readers for bilibili's loosely typed JSON. */
final class Json {

    /**
     * A bounded pool of parser buffers: Jackson's default pool (a concurrent deque) allocates a node every time a
     * parser gives its buffers back, which is once per answer parsed.
     */
    static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newBoundedPool(256)).build()).build();

    private Json() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || v.isMissingNode() || v.isContainer()) {
            return null;
        }
        return v.isString() ? v.stringValue() : v.toString();
    }

    static Long longValue(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return v.longValue();
        }
        if (v.isString()) {
            try {
                return Long.parseLong(v.stringValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
