package io.github.bilibiliapi.test.bilibili;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Loads the shared reference vectors copied into the test resources. */
final class Vectors {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Vectors() {
    }

    static JsonNode load(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("vector file " + name + " missing from test resources");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
