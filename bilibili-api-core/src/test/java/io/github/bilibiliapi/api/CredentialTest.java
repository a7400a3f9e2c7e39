package io.github.bilibiliapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialTest {

    private static final Credential FULL = Credential.builder().sessdata("sess-secret,123*abc").biliJct("jct-secret")
            .buvid3("b3-secret").buvid4("b4-secret").dedeuserid("42").acTimeValue("refresh-secret").build();

    @Test
    void toStringMasksEverySecret() {
        String s = FULL.toString();
        assertThat(s).doesNotContain("sess-secret", "jct-secret", "b3-secret", "b4-secret", "refresh-secret")
                .contains("dedeuserid=42", "sessdata=***");
        assertThat(Credential.empty().toString()).contains("sessdata=<none>");
    }

    @Test
    void cookiesContainOnlyPresentFieldsAndEncodeRawSessdata() {
        assertThat(FULL.cookies()).containsExactly(Map.entry("SESSDATA", "sess-secret%2C123%2Aabc"),
                Map.entry("bili_jct", "jct-secret"), Map.entry("buvid3", "b3-secret"),
                Map.entry("buvid4", "b4-secret"), Map.entry("DedeUserID", "42"),
                Map.entry("ac_time_value", "refresh-secret"));
        assertThat(Credential.builder().sessdata("a%2Cb").build().cookies()).containsEntry("SESSDATA", "a%2Cb");
        assertThat(Credential.empty().cookies()).isEmpty();
    }

    @Test
    void blankMeansAbsentAndValueEquality() {
        Credential c = Credential.builder().sessdata(" ").biliJct("").build();
        assertThat(c.hasSessdata()).isFalse();
        assertThat(c.hasBiliJct()).isFalse();
        assertThat(c).isEqualTo(Credential.empty());
        assertThat(FULL.toBuilder().build()).isEqualTo(FULL).hasSameHashCodeAs(FULL);
        assertThat(Credential.fromCookies(Map.of("SESSDATA", "s", "bili_jct", "j", "DedeUserID", "1")))
                .isEqualTo(Credential.builder().sessdata("s").biliJct("j").dedeuserid("1").build());
    }

    @Test
    void secretsAreMaskedInText() {
        String text = "echo sess-secret,123*abc and SESSDATA=sess-secret%2C123%2Aabc; bili_jct=zzz csrf=jct-secret";
        String masked = Secrets.mask(text, FULL);
        assertThat(masked).doesNotContain("sess-secret", "jct-secret", "zzz");
        assertThat(Secrets.maskMap(Map.of("csrf", "x", "mid", "2"))).containsEntry("csrf", "***")
                .containsEntry("mid", "2");
    }
}
