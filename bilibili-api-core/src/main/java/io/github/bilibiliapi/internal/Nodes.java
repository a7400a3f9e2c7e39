package io.github.bilibiliapi.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Internal: lenient readers for bilibili's loosely typed JSON (numbers sent as strings and the other way round,
 * nulls for empty lists). Not a public API; may change without notice.
 */
public final class Nodes {

    private Nodes() {
    }

    /**
     * @param node a node (may be missing or null)
     * @return its value as a long: numbers, numeric strings; 0 otherwise
     */
    public static long longOf(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return 0;
        }
        if (node.isNumber()) {
            return node.asLong();
        }
        if (node.isString()) {
            try {
                return Long.parseLong(node.stringValue().trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? 1 : 0;
        }
        return 0;
    }

    /**
     * @param node a node (may be missing or null)
     * @return its text: strings as they are, numbers and booleans printed; "" for null, missing or containers
     */
    public static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainer()) {
            return "";
        }
        return node.isString() ? node.stringValue() : node.toString();
    }

    /**
     * @param node   an array (a null or missing node is an empty list)
     * @param mapper maps each element
     * @param <T>    element type
     * @return the mapped elements (immutable)
     */
    public static <T> List<T> list(JsonNode node, Function<JsonNode, T> mapper) {
        if (node == null || !node.isArray()) {
            return List.of();
        }
        List<T> out = new ArrayList<>(node.size());
        for (JsonNode element : node.values()) {
            out.add(mapper.apply(element));
        }
        return List.copyOf(out);
    }

    /**
     * @param value a parameter value
     * @param name  the parameter's name, for the message
     * @return the value
     * @throws IllegalArgumentException if {@code value <= 0}
     */
    public static long positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    /**
     * @param value a text parameter
     * @param name  the parameter's name, for the message
     * @return the value, stripped
     * @throws IllegalArgumentException if {@code value} is null or blank
     */
    public static String notBlank(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value.strip();
    }

    /**
     * @param value a string
     * @return it as a JSON string literal (quoted and escaped)
     */
    public static String quote(String value) {
        return tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(value).toString();
    }
}
