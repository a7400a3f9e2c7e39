package io.github.bilibiliapi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.support.UriEncoding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class WbiSignerTest {

    static Stream<JsonNode> cases() {
        return StreamSupport.stream(TestResources.json("wbi.json").get("cases").spliterator(), false);
    }

    @Test
    void permutationTableMatchesVectorFile() {
        JsonNode tab = TestResources.json("wbi.json").get("mixin_key_enc_tab");
        int[] expected = StreamSupport.stream(tab.spliterator(), false).mapToInt(JsonNode::asInt).toArray();
        assertThat(WbiSigner.MIXIN_KEY_ENC_TAB).containsExactly(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void signsLikeTheWebFrontEnd(JsonNode c) {
        String mixin = WbiSigner.mixinKey(c.get("img_key").asString(), c.get("sub_key").asString());
        assertThat(mixin).isEqualTo(c.get("mixin_key").asString());

        Map<String, Object> raw = new LinkedHashMap<>();
        c.get("params").properties().forEach(e -> raw.put(e.getKey(),
                e.getValue().isString() ? e.getValue().asString() : e.getValue().toString()));
        Map<String, String> signed = WbiSigner.sign(Api.stringify(raw), mixin, c.get("wts").asLong());

        String sentQuery = UriEncoding.encodeQuery(signed);
        String expectedHashed = c.get("hashed_query").asString();
        String expectedRid = c.get("w_rid").asString();
        // the query actually sent is byte-identical to the hashed query plus w_rid
        assertThat(sentQuery).isEqualTo(expectedHashed + "&w_rid=" + expectedRid);
        // the query the signer encoded once, which the backends send, is that same string
        assertThat(UriEncoding.appendQuery("https://api.bilibili.com/x", signed))
                .isEqualTo("https://api.bilibili.com/x?" + sentQuery);
        assertThat(BiliApiRequest.get("https://api.bilibili.com/x").params(signed).build().fullUrl())
                .isEqualTo("https://api.bilibili.com/x?" + sentQuery);
        assertThat(WbiSigner.md5Hex(expectedHashed, mixin)).isEqualTo(expectedRid);
    }

    @Test
    void digestOfQueryAndKeyIsTheDigestOfTheirConcatenation() {
        String key = "ea1db124af3c7062474693fa704f4ff8";
        String longQuery = "w=" + "a%20b".repeat(120); // longer than one scratch buffer
        for (String query : new String[] {"", "mid=2&wts=2", longQuery, "q=\u4e2d\u6587", "x=" + "y".repeat(255) + "\u00e9"}) {
            assertThat(WbiSigner.md5Hex(query, key)).as(query).isEqualTo(md5OfUtf8(query + key));
        }
    }

    @Test
    void keyIsTheFileNameStem() {
        assertThat(WbiSigner.keyFromUrl("https://i0.hdslb.com/bfs/wbi/7cd084941338484aae1ad9425b84077c.png"))
                .isEqualTo("7cd084941338484aae1ad9425b84077c");
        assertThat(WbiSigner.keyFromUrl("https://i0.hdslb.com/bfs/wbi/abc")).isEqualTo("abc");
    }

    @Test
    void replacesAnEarlierSignatureOnRetry() {
        Map<String, String> once = WbiSigner.sign(Map.of("mid", "2"), "ea1db124af3c7062474693fa704f4ff8", 1);
        Map<String, String> twice = WbiSigner.sign(once, "ea1db124af3c7062474693fa704f4ff8", 2);
        assertThat(twice.keySet()).containsExactly("mid", "wts", "w_rid");
        assertThat(twice.get("wts")).isEqualTo("2");
        assertThat(twice.get("w_rid")).isEqualTo(md5OfUtf8("mid=2&wts=2ea1db124af3c7062474693fa704f4ff8"));
    }

    @Test
    void encodesLikeEncodeUriComponent() {
        assertThat(UriEncoding.encodeComponent("a b")).isEqualTo("a%20b");
        assertThat(UriEncoding.encodeComponent("~-_.!*'()")).isEqualTo("~-_.!*'()");
        assertThat(UriEncoding.encodeComponent("+&=/?#[]:,;@$")).isEqualTo("%2B%26%3D%2F%3F%23%5B%5D%3A%2C%3B%40%24");
        assertThat(UriEncoding.encodeComponent("弹幕")).isEqualTo("%E5%BC%B9%E5%B9%95");
        assertThat(UriEncoding.encodeComponent("😀")).isEqualTo("%F0%9F%98%80");
        assertThat(UriEncoding.encodeComponent("{\"ds\":[]}")).isEqualTo("%7B%22ds%22%3A%5B%5D%7D");
        assertThatThrownBy(() -> WbiSigner.sign(Map.of("k", "x\uD800y"), "key", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surrogate");
    }

    @Test
    void signedValuesAreStrippedAndSortedByUtf16Order() {
        Map<String, String> signed = WbiSigner.sign(Map.of("b", "x(y)", "B", "1", "a", "*!'"), "k", 5);
        assertThat(List.copyOf(signed.keySet())).containsExactly("B", "a", "b", "wts", "w_rid");
        assertThat(signed.get("b")).isEqualTo("xy");
        assertThat(signed.get("a")).isEmpty();
    }

    /** The reference digest, straight from the JDK: hex MD5 of the UTF-8 bytes. */
    private static String md5OfUtf8(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
