package io.github.bilibiliapi.live.open;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The signature against the worked example of the {@code open_live} fixture. */
class OpenLiveSignerTest {

    private static JsonNode signatureFixture() throws Exception {
        try (InputStream in = OpenLiveSignerTest.class.getResourceAsStream("/live/open/open_live.json")) {
            return JsonMapper.builder().build().readTree(in.readAllBytes()).path("signature");
        }
    }

    @Test
    void workedExample() throws Exception {
        JsonNode vector = signatureFixture().path("derived_test_vector");
        OpenLiveSigner signer = new OpenLiveSigner("xxxx", vector.path("secret").asString());
        String toSign = OpenLiveSigner.stringToSign(Map.of("x-bili-timestamp", "1624594467",
                "x-bili-signature-version", "1.0", "x-bili-signature-nonce", "ad184c09-095f-91c3-0849-230dd3744045",
                "x-bili-signature-method", "HMAC-SHA256", "x-bili-content-md5", "fa6837e35b2f591865b288dfd859ce9d",
                "x-bili-accesskeyid", "xxxx"));
        assertThat(toSign).isEqualTo(vector.path("string_to_sign").asString());
        assertThat(signer.sign(toSign)).isEqualTo(vector.path("hmac_sha256_hex").asString());
        assertThat(OpenLiveSigner.md5Hex(new byte[0]))
                .isEqualTo(vector.path("md5_of_empty_body (standard constant)").asString());
    }

    @Test
    void headersSignTheExactBody() throws Exception {
        JsonNode vector = signatureFixture().path("derived_test_vector");
        OpenLiveSigner signer = new OpenLiveSigner("xxxx", vector.path("secret").asString());
        byte[] body = "{\"code\":\"ABC\",\"app_id\":1650000000000}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = signer.headers(body, "n-1", 1624594467);
        assertThat(h).containsEntry("x-bili-content-md5", OpenLiveSigner.md5Hex(body))
                .containsEntry("x-bili-signature-nonce", "n-1").containsEntry("x-bili-timestamp", "1624594467")
                .containsEntry("Content-Type", "application/json").containsEntry("Accept", "application/json");
        String expected = signer.sign(String.join("\n", "x-bili-accesskeyid:xxxx",
                "x-bili-content-md5:" + OpenLiveSigner.md5Hex(body), "x-bili-signature-method:HMAC-SHA256",
                "x-bili-signature-nonce:n-1", "x-bili-signature-version:1.0", "x-bili-timestamp:1624594467"));
        assertThat(h.get("Authorization")).isEqualTo(expected);
        assertThat(signer.headers(body)).doesNotContainEntry("x-bili-signature-nonce", "n-1");
        assertThat(signer.toString()).doesNotContain(vector.path("secret").asString());
        assertThatThrownBy(() -> new OpenLiveSigner("id", " ")).hasMessageContaining("accessKeySecret");
    }
}
