package io.github.bilibiliapi.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.client.BiliApiResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The headers a client hands to {@link BiliApiResponse}: the same form the response's own copy has (case-insensitive,
 * names differing in case merged in arrival order, immutable), so the response keeps them without copying again.
 */
class ResponseHeadersTest {

    private static Map<String, List<String>> delivered() {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put(":status", new ArrayList<>(List.of("200")));
        h.put("Set-Cookie", new ArrayList<>(List.of("a=1")));
        h.put("Content-Type", new ArrayList<>(List.of("application/json")));
        h.put("set-cookie", new ArrayList<>(List.of("b=2", "c=3")));
        return h;
    }

    @Test
    void namesAreCaseInsensitiveMergedInArrivalOrderWithoutPseudoHeaders() {
        ResponseHeaders headers = ResponseHeaders.copyOf(delivered());
        assertThat(headers.get("SET-COOKIE")).containsExactly("a=1", "b=2", "c=3");
        assertThat(headers.get("content-type")).containsExactly("application/json");
        assertThat(headers.containsKey(":status")).isFalse();
        assertThat(headers).hasSize(2);
    }

    @Test
    void isACopyThatCannotBeChanged() {
        Map<String, List<String>> source = delivered();
        ResponseHeaders headers = ResponseHeaders.copyOf(source);
        source.get("Content-Type").add("text/html");
        source.put("X-Later", List.of("x"));
        assertThat(headers.get("Content-Type")).containsExactly("application/json");
        assertThat(headers.containsKey("X-Later")).isFalse();
        assertThatThrownBy(() -> headers.put("X", List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> headers.get("Content-Type").add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> headers.entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(ResponseHeaders.copyOf(headers)).isSameAs(headers);
        assertThat(ResponseHeaders.copyOf(null)).isEmpty();
    }

    @Test
    void theResponseKeepsThemAsTheyAreAndEqualsOneBuiltFromAPlainMap() {
        ResponseHeaders headers = ResponseHeaders.copyOf(delivered());
        BiliApiResponse kept = new BiliApiResponse(200, headers, Map.of(), new byte[0], "https://example.com/");
        assertThat(kept.headers()).isSameAs(headers);
        Map<String, List<String>> plain = delivered();
        plain.remove(":status"); // a response built directly keeps what it is given
        BiliApiResponse copied = new BiliApiResponse(200, plain, Map.of(), new byte[0], "https://example.com/");
        assertThat(copied).isEqualTo(kept);
        assertThat(copied.headers()).isEqualTo(kept.headers());
        assertThat(kept.header("set-cookie")).isEqualTo("a=1");
    }

    @Test
    void aBuilderTakesValuesAsTheWireHadThemAndEqualsTheCopyOfTheSameMap() {
        ResponseHeaders built = ResponseHeaders.builder(1).add(":status", "200").add("Set-Cookie", "a=1")
                .add("Content-Type", "application/json").add("set-cookie", "b=2").add("set-cookie", "c=3").build();
        assertThat(built.first("SET-COOKIE")).isEqualTo("a=1");
        assertThat(built.first("Location")).isNull();
        assertThat(built.get("Set-Cookie")).containsExactly("a=1", "b=2", "c=3");
        assertThat(built.get("X")).isNull();
        assertThat(built.get(42)).isNull();
        assertThat(built).isEqualTo(ResponseHeaders.copyOf(delivered())).hasSize(2);
        assertThat(built.keySet()).containsExactly("Content-Type", "Set-Cookie");
        assertThat(built.hashCode()).isEqualTo(ResponseHeaders.copyOf(delivered()).hashCode());
        assertThat(ResponseHeaders.builder(0).build()).isEmpty();
        assertThatThrownBy(() -> ResponseHeaders.builder(1).add("X", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("X");
        assertThatThrownBy(() -> ResponseHeaders.copyOf(Map.of("X", java.util.Arrays.asList("a", null))))
                .isInstanceOf(NullPointerException.class);
    }
}
