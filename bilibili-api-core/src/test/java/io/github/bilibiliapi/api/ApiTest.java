package io.github.bilibiliapi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiTest {

    @Test
    void stringifiesValuesAsTheyAreSent() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("t", true);
        in.put("f", false);
        in.put("n", null);
        in.put("i", 42);
        in.put("l", -5L);
        in.put("d", 1.5);
        in.put("s", "x y");
        in.put("list", List.of(1, 2));
        assertThat(Api.stringify(in)).containsExactly(Map.entry("t", "1"), Map.entry("f", "0"), Map.entry("i", "42"),
                Map.entry("l", "-5"), Map.entry("d", "1.5"), Map.entry("s", "x y"), Map.entry("list", "[1,2]"));
    }

    @Test
    void builderValidatesAndIsImmutable() {
        Api api = Api.builder("post", "https://api.bilibili.com/x").data("a", 1).param("b", 2).wbi(true).build();
        assertThat(api.method()).isEqualTo("POST");
        assertThat(api.needsCsrf()).isTrue();
        assertThat(api.idempotent()).isFalse();
        assertThat(api.toBuilder().noCsrf(true).build().needsCsrf()).isFalse();
        assertThat(Api.get("https://api.bilibili.com/x").build().needsCsrf()).isFalse();
        assertThatThrownBy(() -> api.params().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Api.builder("FETCH", "https://a.b/")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FETCH");
        assertThatThrownBy(() -> Api.get("api.bilibili.com/x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> Api.get("https://a b/")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBuilderUsedAgainLeavesTheApisItBuiltAsTheyWere() {
        Api.Builder b = Api.get("https://api.bilibili.com/x").param("a", 1);
        Api first = b.build();
        Api second = b.param("b", 2).header("X-A", "1").data("d", 3).build();
        Api third = b.param("a", 9).build();
        assertThat(first.params()).containsExactly(Map.entry("a", 1));
        assertThat(first.headers()).isEmpty();
        assertThat(first.data()).isEmpty();
        assertThat(second.params()).containsExactly(Map.entry("a", 1), Map.entry("b", 2));
        assertThat(second.headers()).containsExactly(Map.entry("X-A", "1"));
        assertThat(third.params()).containsExactly(Map.entry("a", 9), Map.entry("b", 2));
        assertThat(second.data()).containsExactly(Map.entry("d", 3));
        Api changed = first.toBuilder().param("c", 3).build();
        assertThat(first.params()).containsExactly(Map.entry("a", 1));
        assertThat(changed.params()).containsExactly(Map.entry("a", 1), Map.entry("c", 3));
        assertThatThrownBy(() -> second.headers().put("X-B", "2")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringMasksSecrets() {
        Api api = Api.post("https://api.bilibili.com/x").data("csrf", "jct-secret").param("access_key", "k-secret")
                .credential(Credential.builder().sessdata("sess-secret").build()).build();
        assertThat(api.toString()).doesNotContain("jct-secret", "k-secret", "sess-secret");
    }

    @Test
    void unserializableValuesAreIllegalArguments() {
        Map<String, Object> in = Map.of("x", List.of(new Exploding()));
        assertThatThrownBy(() -> Api.stringify(in)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x'");
    }

    /** A bean whose getter fails, so serialization fails inside Jackson. */
    public static final class Exploding {
        /** @return never */
        public String getValue() {
            throw new IllegalStateException("boom");
        }
    }
}
