package io.github.bilibiliapi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

class ResponseParserTest {

    private static JsonNode parseAndCheck(String fixture) {
        ResponseParser.Parsed p = ResponseParser.parse(200, "u", TestResources.bytes(fixture), null);
        int code = ResponseParser.code(p.root(), "u");
        ResponseParser.check(p.root(), code);
        return p.root();
    }

    @ParameterizedTest
    @CsvSource({
        "errors/code-101_not_logged_in.json, -101, NOT_LOGGED_IN",
        "errors/code-111_csrf.json, -111, CSRF_FAILED",
        "errors/code-352_v_voucher.json, -352, SIGNATURE_REJECTED",
        "errors/getDanmuInfo_code-352.json, -352, SIGNATURE_REJECTED",
        "errors/code-799_too_frequent.json, -799, TOO_FREQUENT",
        "errors/code-401_gaia_anti_crawler.json, -401, ILLEGAL_ACCESS"})
    void riskControlCodesHaveTheirOwnTypeAndCategory(String fixture, int code, RiskControl category) {
        assertThatThrownBy(() -> parseAndCheck(fixture)).isInstanceOfSatisfying(RiskControlException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.category()).isEqualTo(category);
            assertThat(e.riskControl()).contains(category);
            assertThat(e.raw().get("code").asInt()).isEqualTo(code);
        });
    }

    @ParameterizedTest
    @CsvSource({
        "errors/code-400_bad_request.json, -400, 请求错误",
        "errors/code-404_view_not_found.json, -404, 啥都木有",
        "errors/code62002_view_invisible.json, 62002, 稿件不可见",
        "errors/ExClimbWuzhi_code130212.json, 130212, 130212"})
    void otherCodesArePlainResponseCodeExceptions(String fixture, int code, String message) {
        assertThatThrownBy(() -> parseAndCheck(fixture)).isExactlyInstanceOf(ResponseCodeException.class)
                .satisfies(e -> {
                    ResponseCodeException rce = (ResponseCodeException) e;
                    assertThat(rce.code()).isEqualTo(code);
                    assertThat(rce.biliMessage()).isEqualTo(message);
                    assertThat(rce.riskControl()).isEmpty();
                    assertThat(rce.getMessage()).contains(Integer.toString(code));
                });
    }

    @Test
    void concatenatedBodiesUseTheAnswerAfterTheNotice() {
        ResponseParser.Parsed p = ResponseParser.parse(200, "u",
                TestResources.bytes("errors/code-509_concatenated_two_json_bodies.txt"), null);
        assertThat(p.root().get("code").asInt()).isZero();
        assertThat(p.notices()).singleElement().satisfies(n -> assertThat(n.get("code").asInt()).isEqualTo(-509));
        assertThat(ResponseParser.data(p.root()).isObject()).isTrue();
    }

    @Test
    void singleRateLimitIsRiskControl() {
        byte[] body = "{\"code\":-509,\"message\":\"请求过于频繁，请稍后再试\",\"ttl\":1}".getBytes(StandardCharsets.UTF_8);
        ResponseParser.Parsed p = ResponseParser.parse(200, "u", body, null);
        assertThatThrownBy(() -> ResponseParser.check(p.root(), ResponseParser.code(p.root(), "u")))
                .isInstanceOfSatisfying(RiskControlException.class,
                        e -> assertThat(e.category()).isEqualTo(RiskControl.RATE_LIMITED));
    }

    @Test
    void http412IsTheRiskControlInterceptionWithItsJsonMessage() {
        String http = TestResources.text("errors/http412_code-412.http");
        String body = http.substring(http.indexOf("\n\n") + 2);
        assertThatThrownBy(() -> ResponseParser.parse(412, "https://api.bilibili.com/x", body.getBytes(
                StandardCharsets.UTF_8), null)).isInstanceOfSatisfying(RiskControlException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(412);
                    assertThat(e.code()).isEqualTo(-412);
                    assertThat(e.category()).isEqualTo(RiskControl.REQUEST_BLOCKED);
                    assertThat(e.riskControl()).contains(RiskControl.REQUEST_BLOCKED);
                    assertThat(e.biliMessage()).isEqualTo("请求被拦截");
                    assertThat(e.raw().path("code").asInt()).isEqualTo(-412);
                    assertThat(e.getMessage()).contains("HTTP 412", "https://api.bilibili.com/x", "请求被拦截");
                });
    }

    @Test
    void htmlErrorPageIsCutAndMasked() {
        String html = "<html><body>" + "blocked ".repeat(100) + " SESSDATA=abcdef</body></html>";
        Credential cred = Credential.builder().sessdata("abcdef").build();
        assertThatThrownBy(() -> ResponseParser.parse(412, "u", html.getBytes(StandardCharsets.UTF_8), cred))
                .isInstanceOfSatisfying(RiskControlException.class, e -> {
                    assertThat(e.biliMessage().length()).isLessThanOrEqualTo(ResponseParser.EXCERPT_CHARS + 1);
                    assertThat(e.biliMessage()).startsWith("<html><body>blocked").doesNotContain("abcdef");
                    assertThat(e.raw().isMissingNode()).isTrue();
                    assertThat(e.httpStatus()).isEqualTo(412);
                });
        assertThatThrownBy(() -> ResponseParser.parse(503, "u", html.getBytes(StandardCharsets.UTF_8), cred))
                .isInstanceOfSatisfying(NetworkException.class, e -> {
                    assertThat(e.bodyExcerpt().length()).isLessThanOrEqualTo(ResponseParser.EXCERPT_CHARS + 1);
                    assertThat(e.bodyExcerpt()).startsWith("<html><body>blocked");
                });
        String leaky = "<html>SESSDATA=abcdef; bili_jct=0123456789</html>";
        assertThatThrownBy(() -> ResponseParser.parse(500, "u", leaky.getBytes(StandardCharsets.UTF_8), cred))
                .isInstanceOfSatisfying(NetworkException.class, e -> assertThat(e.getMessage())
                        .doesNotContain("abcdef", "0123456789"));
    }

    @Test
    void jsonpIsUnwrapped() {
        byte[] body = "callback({\"code\":0,\"data\":{\"a\":1}});".getBytes(StandardCharsets.UTF_8);
        ResponseParser.Parsed p = ResponseParser.parse(200, "u", body, null);
        assertThat(ResponseParser.data(p.root()).get("a").asInt()).isEqualTo(1);
        byte[] body2 = "jQuery1_2 ( {\"code\":-101,\"message\":\"x\"} )".getBytes(StandardCharsets.UTF_8);
        assertThat(ResponseParser.code(ResponseParser.parse(200, "u", body2, null).root(), "u")).isEqualTo(-101);
    }

    @Test
    void bodyWithoutCodeIsAClearError() {
        ResponseParser.Parsed p = ResponseParser.parse(200, "u", "{\"data\":1}".getBytes(StandardCharsets.UTF_8),
                null);
        assertThatThrownBy(() -> ResponseParser.code(p.root(), "u")).isInstanceOf(ResponseParseException.class)
                .hasMessageContaining("no 'code'");
        assertThat(ResponseParser.code(ResponseParser.parse(200, "u", "{\"OK\":1}".getBytes(
                StandardCharsets.UTF_8), null).root(), "u")).isZero();
    }

    @Test
    void invalidJsonNeverLeaksJackson() {
        for (String empty : new String[] {"", "   "}) {
            ResponseParser.Parsed p = ResponseParser.parse(200, "u", empty.getBytes(StandardCharsets.UTF_8), null);
            assertThat(p.root().isMissingNode()).isTrue();
            assertThat(ResponseParser.codeOrNull(p.root(), "u")).isNull();
        }
        for (String bad : new String[] {"{\"code\":", "<html>hi</html>", "{\"code\":0}garbage"}) {
            assertThatThrownBy(() -> ResponseParser.parse(200, "u", bad.getBytes(StandardCharsets.UTF_8), null))
                    .isInstanceOf(ResponseParseException.class).isNotInstanceOf(JacksonException.class);
        }
        assertThatThrownBy(() -> ResponseParser.parse(200, "u", "{\"code\":".getBytes(StandardCharsets.UTF_8),
                null)).hasCauseInstanceOf(JacksonException.class);
    }

    @Test
    void successAndNavMinus101CarryData() {
        JsonNode nav = ResponseParser.parse(200, "u",
                TestResources.bytes("rest/x_web-interface_nav.not_logged_in_-101.json"), null).root();
        assertThat(ResponseParser.code(nav, "u")).isEqualTo(-101);
        assertThat(nav.path("data").path("wbi_img").path("img_url").asString()).endsWith(".png");
        assertThat(parseAndCheck("rest/x_space_wbi_acc_info.json").path("data").path("mid").asLong()).isEqualTo(2);
    }
}
