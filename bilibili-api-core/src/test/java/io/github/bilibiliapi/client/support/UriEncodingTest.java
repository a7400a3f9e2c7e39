package io.github.bilibiliapi.client.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class UriEncodingTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "abcXYZ019|abcXYZ019",
        "`-_.!~*'()`|`-_.!~*'()`",
        "a b|a%20b",
        "+&=/?#%|%2B%26%3D%2F%3F%23%25",
        "`,;:@$[]{}<>\"\\^|`|`%2C%3B%3A%40%24%5B%5D%7B%7D%3C%3E%22%5C%5E%7C`",
        "中文|%E4%B8%AD%E6%96%87",
        "é|%C3%A9",
        "😀|%F0%9F%98%80",
        "`\t\n`|%09%0A",
    })
    void encodesLikeEncodeUriComponent(String raw, String encoded) {
        assertThat(UriEncoding.encodeComponent(raw)).isEqualTo(encoded);
    }

    @Test
    void emptyAndUnreservedValuesAreReturnedAsTheyAre() {
        assertThat(UriEncoding.encodeComponent("")).isEmpty();
        String plain = "nothing_to_escape";
        assertThat(UriEncoding.encodeComponent(plain)).isSameAs(plain);
    }

    @Test
    void hexIsUpperCase() {
        assertThat(UriEncoding.encodeComponent("\u00ff\u00fe")).isEqualTo("%C3%BF%C3%BE");
    }

    @Test
    void queryKeepsInsertionOrderAndEncodesKeysToo() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("z", "1");
        params.put("a b", "x y");
        params.put("empty", "");
        assertThat(UriEncoding.encodeQuery(params)).isEqualTo("z=1&a%20b=x%20y&empty=");
        assertThat(UriEncoding.encodeQuery(Map.of())).isEmpty();
    }

    @Test
    void appendQueryAddsAfterAnExistingQueryAndBeforeTheFragment() {
        Map<String, String> p = Map.of("k", "v w");
        assertThat(UriEncoding.appendQuery("https://h/p", p)).isEqualTo("https://h/p?k=v%20w");
        assertThat(UriEncoding.appendQuery("https://h/p?a=1", p)).isEqualTo("https://h/p?a=1&k=v%20w");
        assertThat(UriEncoding.appendQuery("https://h/p?", p)).isEqualTo("https://h/p?k=v%20w");
        assertThat(UriEncoding.appendQuery("https://h/p?a=1&", p)).isEqualTo("https://h/p?a=1&k=v%20w");
        assertThat(UriEncoding.appendQuery("https://h/p#frag", p)).isEqualTo("https://h/p?k=v%20w#frag");
        assertThat(UriEncoding.appendQuery("https://h/p?a=%27", Map.of())).isEqualTo("https://h/p?a=%27");
    }

    @Test
    void withoutQueryHidesQueryFragmentAndUserInfo() {
        assertThat(UriEncoding.withoutQuery("https://api.bilibili.com/x/web?w_rid=abc&SESSDATA=s#f"))
                .isEqualTo("https://api.bilibili.com/x/web");
        assertThat(UriEncoding.withoutQuery("http://user:pw@proxy:8080/p?q")).isEqualTo("http://***@proxy:8080/p");
        assertThat(UriEncoding.withoutQuery("https://h/p#x?y")).isEqualTo("https://h/p");
        assertThat(UriEncoding.withoutQuery("https://h/a@b")).isEqualTo("https://h/a@b");
        assertThat(UriEncoding.withoutQuery(null)).isEqualTo("null");
    }

    /** The shared WBI vectors: the hashed query is encodeQuery over the sorted, filtered parameters. */
    @Test
    void matchesTheWbiVectorsHashedQueries() throws Exception {
        JsonNode vectors;
        try (InputStream in = getClass().getResourceAsStream("/api/wbi.json")) {
            assertThat(in).as("api/wbi.json test resource").isNotNull();
            vectors = JsonMapper.builder().build().readTree(in);
        }
        int checked = 0;
        for (JsonNode c : vectors.get("cases")) {
            Map<String, String> sorted = new TreeMap<>();
            c.get("params").properties().forEach(e -> sorted.put(e.getKey(),
                    e.getValue().asString().replaceAll("[!'()*]", "")));
            sorted.put("wts", c.get("wts").asString());
            assertThat(UriEncoding.encodeQuery(sorted)).as(c.get("name").asString())
                    .isEqualTo(c.get("hashed_query").asString());
            checked++;
        }
        assertThat(checked).isGreaterThan(0);
    }
}
