package io.github.bilibiliapi.test.bilibili;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Real bilibili payloads copied from the shared reference into {@code src/main/resources/fixtures/}, loaded once and
 * handed out as fresh copies so a route may edit what it returns.
 */
final class Fixtures {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private Fixtures() {
    }

    /** Raw bytes of {@code fixtures/<path>}; fails loudly if the fixture is not on the classpath. */
    static byte[] bytes(String path) {
        return CACHE.computeIfAbsent(path, p -> {
            String resource = "/fixtures/" + p;
            try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("fixture " + resource + " is not on the classpath");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read fixture " + resource, e);
            }
        }).clone();
    }

    /** A mutable copy of a JSON object fixture. */
    static ObjectNode object(String path) {
        JsonNode node = JSON.readTree(bytes(path));
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalStateException("fixture " + path + " is not a JSON object");
        }
        return object;
    }

    static byte[] write(JsonNode node) {
        return JSON.writeValueAsBytes(node);
    }
}
