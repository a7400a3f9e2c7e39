package io.github.bilibiliapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BiliApiRequestTest {

    @TempDir
    Path dir;

    @Test
    void builderDefaults() {
        BiliApiRequest r = BiliApiRequest.get("https://api.bilibili.com/x/web-interface/nav").build();
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.params()).isEmpty();
        assertThat(r.body()).isEqualTo(BiliApiRequest.Body.NONE);
        assertThat(r.files()).isEmpty();
        assertThat(r.allowRedirects()).isFalse();
        assertThat(r.isMultipart()).isFalse();
        assertThat(r.fullUrl()).isEqualTo("https://api.bilibili.com/x/web-interface/nav");
    }

    @Test
    void methodIsNormalisedAndChecked() {
        assertThat(BiliApiRequest.builder(" patch ", "https://h/").build().method()).isEqualTo("PATCH");
        assertThatThrownBy(() -> BiliApiRequest.builder("CONNECT", "https://h/").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CONNECT");
        assertThatThrownBy(() -> BiliApiRequest.builder(null, "https://h/").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "api.bilibili.com/x", "ftp://h/x", "https:///nohost", "http://h/a b",
        "mailto:x@y"})
    void badUrlsAreRejected(String url) {
        assertThatThrownBy(() -> BiliApiRequest.get(url).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("URL");
    }

    @Test
    void urlErrorsNeverShowTheQuery() {
        assertThatThrownBy(() -> BiliApiRequest.get("ftp://h/x?access_key=s3cr3t").build())
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void paramsKeepTheirOrderAndAreEncodedOnceAfterAnExistingQuery() {
        BiliApiRequest r = BiliApiRequest.get("https://h/p?x=%27").param("b", "2 3").param("a", "中")
                .param("c", "!'()*~").build();
        assertThat(r.params().keySet()).containsExactly("b", "a", "c");
        assertThat(r.fullUrl()).isEqualTo("https://h/p?x=%27&b=2%203&a=%E4%B8%AD&c=!'()*~");
    }

    @Test
    void inputsAreCopied() {
        Map<String, String> params = new HashMap<>(Map.of("a", "1"));
        BiliApiRequest r = new BiliApiRequest("GET", "https://h/", params, null, null, null, null, false);
        params.put("b", "2");
        assertThat(r.params()).containsOnlyKeys("a");
        assertThatThrownBy(() -> r.params().put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(r.body()).isEqualTo(BiliApiRequest.Body.NONE);
    }

    @Test
    void aRequestsMapsAreImmutableOrderedAndReusedWithoutACopy() {
        BiliApiRequest r = BiliApiRequest.get("https://h/p").param("b", "2 3").param("a", "中")
                .header("X-A", "1").cookie("c", "v").build();
        assertThat(r.params()).isEqualTo(Map.of("b", "2 3", "a", "中")).hasSameHashCodeAs(Map.of("b", "2 3", "a", "中"));
        assertThat(r.params().entrySet().iterator().next()).isEqualTo(Map.entry("b", "2 3"));
        assertThatThrownBy(() -> r.params().entrySet().iterator().next().setValue("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.params().remove("b")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.params().keySet().clear()).isInstanceOf(UnsupportedOperationException.class);
        // a request made from another one's maps shares them, and encodes its query to the same string
        BiliApiRequest again = new BiliApiRequest("GET", r.url(), r.params(), r.body(), r.files(), r.headers(),
                r.cookies(), false);
        assertThat(again.params()).isSameAs(r.params());
        assertThat(again.cookies()).isSameAs(r.cookies());
        assertThat(again.fullUrl()).isEqualTo(r.fullUrl()).isEqualTo("https://h/p?b=2%203&a=%E4%B8%AD");
        assertThat(again).isEqualTo(r).hasSameHashCodeAs(r);
    }

    @Test
    void largeParameterMapsAreLookedUpByName() {
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            many.put("k" + i, "v" + i);
        }
        BiliApiRequest r = BiliApiRequest.get("https://h/").params(many).build();
        assertThat(r.params()).isEqualTo(many);
        assertThat(r.params().keySet()).containsExactlyElementsOf(many.keySet());
        assertThat(r.params().get("k77")).isEqualTo("v77");
        assertThat(r.params().get("k100")).isNull();
        assertThat(r.params().containsKey("k0")).isTrue();
    }

    @Test
    void aUrlCheckedOnceIsCheckedTheSameWayAgain() {
        assertThat(BiliApiRequest.get("https://h/same").build().url()).isEqualTo("https://h/same");
        assertThat(BiliApiRequest.get("https://h/same").build().url()).isEqualTo("https://h/same");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> BiliApiRequest.get("ftp://h/same").build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute");
        }
    }

    @Test
    void nullKeysOrValuesAreRejected() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("a", null);
        assertThatThrownBy(() -> BiliApiRequest.get("https://h/").params(params).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("params");
    }

    @Test
    void bodyKinds() {
        assertThat(BiliApiRequest.post("https://h/").form(Map.of("k", "v")).build().body())
                .isEqualTo(new BiliApiRequest.Body.Form(Map.of("k", "v")));
        assertThat(BiliApiRequest.post("https://h/").body("t").build().body())
                .isEqualTo(new BiliApiRequest.Body.Text("t"));
        assertThat(BiliApiRequest.post("https://h/").body(new byte[] {1, 2}).build().body())
                .isEqualTo(new BiliApiRequest.Body.Bytes(new byte[] {1, 2}));
        assertThatThrownBy(() -> BiliApiRequest.post("https://h/").form(Map.of("k", "v")).body("t").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("form");
    }

    @Test
    void filesGoWithFormsOnlyAndMustBeReadable() throws Exception {
        Path file = Files.writeString(dir.resolve("a.txt"), "x");
        BiliApiRequest ok = BiliApiRequest.post("https://h/").form(Map.of("k", "v"))
                .file("f", BiliApiFile.of(file)).build();
        assertThat(ok.isMultipart()).isTrue();
        assertThat(ok.files().get("f").fileName()).isEqualTo("a.txt");

        assertThatThrownBy(() -> BiliApiRequest.post("https://h/").body(new byte[1])
                .file("f", BiliApiFile.of(file)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("byte[]");
        assertThatThrownBy(() -> BiliApiRequest.post("https://h/")
                .file("f", new BiliApiFile(dir.resolve("gone.bin"), "application/octet-stream")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gone.bin");
        assertThatThrownBy(() -> BiliApiRequest.post("https://h/")
                .file("f", new BiliApiFile(dir, "application/octet-stream")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("regular file");
    }

    @Test
    void fileMimeTypes() throws Exception {
        Path unknown = Files.writeString(dir.resolve("blob.unknownext"), "x");
        assertThat(BiliApiFile.of(unknown).mimeType()).contains("/");
        assertThatThrownBy(() -> new BiliApiFile(unknown, "png")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headerAndCookieInjectionIsRejected() {
        assertThatThrownBy(() -> BiliApiRequest.get("https://h/").header("X-A", "v\r\nX-Evil: 1").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("X-A");
        assertThatThrownBy(() -> BiliApiRequest.get("https://h/").header("Bad Name", "v").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BiliApiRequest.get("https://h/").cookie("SESSDATA", "a;b=c").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SESSDATA")
                .hasMessageNotContaining("a;b=c");
        assertThatThrownBy(() -> BiliApiRequest.get("https://h/").cookie("a=b", "v").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringHidesSecrets() {
        BiliApiRequest r = BiliApiRequest.get("https://h/p?access_key=s3cr3t").param("w_rid", "sig")
                .header("Authorization", "tok").cookie("SESSDATA", "sess").build();
        assertThat(r.toString()).contains("GET https://h/p").doesNotContain("s3cr3t").doesNotContain("sig=")
                .doesNotContain("tok").doesNotContain("sess,").doesNotContain("=sess");
    }
}
