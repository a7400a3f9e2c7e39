package io.github.bilibiliapi.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/** Reads the copied vectors and fixtures under {@code src/test/resources/api}. */
public final class TestResources {

    private TestResources() {
    }

    /** @param path relative to {@code /api/} @return the bytes */
    public static byte[] bytes(String path) {
        try (InputStream in = TestResources.class.getResourceAsStream("/api/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource /api/" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param path relative to {@code /api/} @return the text */
    public static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    /** @param path relative to {@code /api/} @return the JSON */
    public static JsonNode json(String path) {
        return Json.MAPPER.readTree(text(path));
    }
}
