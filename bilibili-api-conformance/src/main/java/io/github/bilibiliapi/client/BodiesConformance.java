package io.github.bilibiliapi.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.client.support.UriEncoding;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Conformance of a {@link BiliApiClient} backend, one concern. Request bodies and files: forms, text, bytes, a
 * streamed multipart upload. Run it alone by extending this class and supplying the hooks of {@link ConformanceKit},
 * or run every concern with {@link BiliApiClientConformanceTest}.
 */
public abstract class BodiesConformance extends ConformanceKit {

    @Test
    void formBodyIsUrlEncodedWithUriEncoding() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", "tok");
        form.put("msg", TRICKY);
        BiliApiResponse response = result(newClient().request(BiliApiRequest.post(http("/test/echo"))
                .form(form).build()));
        JsonNode echo = response.json();
        assertThat(text(echo, "contentType")).startsWith("application/x-www-form-urlencoded");
        assertThat(text(echo, "bodyText")).isEqualTo(UriEncoding.encodeQuery(form));
        assertThat(echo.get("form").get("msg").get(0).asString()).isEqualTo(TRICKY);
    }

    @Test
    void textBodyIsUtf8PlainTextUnlessAContentTypeIsGiven() {
        BiliApiClient client = newClient();
        JsonNode plain = result(client.request(BiliApiRequest.post(http("/test/echo")).body("弹幕 text").build()))
                .json();
        assertThat(text(plain, "contentType").toLowerCase()).startsWith("text/plain").contains("charset=utf-8");
        assertThat(text(plain, "bodyText")).isEqualTo("弹幕 text");

        JsonNode json = result(client.request(BiliApiRequest.post(http("/test/echo")).body("{\"a\":1}")
                .header("Content-Type", "application/json").build())).json();
        assertThat(text(json, "contentType")).startsWith("application/json");
        assertThat(json.get("headers").get("content-type")).hasSize(1);
        assertThat(text(json, "bodyText")).isEqualTo("{\"a\":1}");
    }

    @Test
    void bytesBodyIsOctetStream() throws Exception {
        byte[] bytes = new byte[100_000];
        new Random(7).nextBytes(bytes);
        JsonNode echo = result(newClient().request(BiliApiRequest.builder("PUT", http("/test/echo")).body(bytes)
                .build())).json();
        assertThat(text(echo, "method")).isEqualTo("PUT");
        assertThat(text(echo, "contentType")).startsWith("application/octet-stream");
        assertThat(echo.get("bodyLength").asLong()).isEqualTo(bytes.length);
        assertThat(text(echo, "bodySha256")).isEqualTo(sha256(bytes));
    }

    @Test
    void multipartStreamsAFiveMegabyteFileWithFormFields() throws Exception {
        Path file = tempDir.resolve("cover.png");
        byte[] chunk = new byte[64 * 1024];
        Random random = new Random(42);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 80; i++) { // 5 MiB
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        BiliApiRequest request = BiliApiRequest.post(http("/test/echo"))
                .form(Map.of("csrf", "tok", "title", "标题 title"))
                .file("file", new BiliApiFile(file, "image/png"))
                .build();
        JsonNode echo = result(newClient().request(request)).json();

        assertThat(text(echo, "contentType")).startsWith("multipart/form-data");
        Map<String, JsonNode> parts = new LinkedHashMap<>();
        echo.get("parts").forEach(p -> parts.put(p.get("name").asString(), p));
        assertThat(parts).containsOnlyKeys("csrf", "title", "file");
        assertThat(text(parts.get("csrf"), "value")).isEqualTo("tok");
        assertThat(text(parts.get("title"), "value")).isEqualTo("标题 title");
        JsonNode filePart = parts.get("file");
        assertThat(text(filePart, "filename")).isEqualTo("cover.png");
        assertThat(text(filePart, "contentType")).isEqualTo("image/png");
        assertThat(filePart.get("size").asLong()).isEqualTo(Files.size(file));
        assertThat(text(filePart, "sha256")).isEqualTo(sha256(file));
    }
}
