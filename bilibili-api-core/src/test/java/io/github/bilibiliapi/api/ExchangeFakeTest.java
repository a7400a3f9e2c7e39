package io.github.bilibiliapi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.test.Fault;
import io.github.bilibiliapi.test.bilibili.BilibiliErrors;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The exchange step on its own: parse, observation, notices, failures, on every backend against the fake. */
class ExchangeFakeTest {

    static Stream<Named<Supplier<BiliApiClient>>> backends() {
        return Backends.all();
    }

    private static BiliApiRequest json(FakeEnv env) {
        return BiliApiRequest.get(env.server.httpBaseUrl() + "/test/json?mid=2").build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void answerIsParsedAndObservedOnce(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            Exchange.Answer answer = new ContextParts(env).exchange.json(json(env), null, true).join();
            assertThat(answer.code()).isZero();
            assertThat(answer.root().path("data").path("mid").asLong()).isEqualTo(2);
            assertThat(answer.url()).isEqualTo(env.server.httpBaseUrl() + "/test/json");
            assertThat(answer.response().code()).isEqualTo(200);
            assertThat(env.calls).singleElement().satisfies(c -> {
                assertThat(c.method()).isEqualTo("GET");
                assertThat(c.path()).isEqualTo("/test/json");
                assertThat(c.backend()).isEqualTo(env.client.backendName());
            });
            assertThat(env.outcomes).singleElement().isEqualTo(new ApiCallOutcome(200, 0, null));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aNonZeroCodeIsAnAnswerObservedAsAnErrorOnlyWhenTheCallerChecksCodes(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            env.server.scriptAlways("/test/json", BilibiliErrors.fault(-799));
            ContextParts parts = new ContextParts(env);
            assertThat(parts.exchange.json(json(env), null, true).join().code()).isEqualTo(-799);
            assertThat(parts.exchange.json(json(env), null, false).join().code()).isEqualTo(-799);
            assertThat(env.outcomes).hasSize(2);
            assertThat(env.outcomes.get(0).error()).isInstanceOfSatisfying(RiskControlException.class,
                    e -> assertThat(e.category()).isEqualTo(RiskControl.TOO_FREQUENT));
            assertThat(env.outcomes.get(1).error()).isNull();
            assertThat(env.outcomes).allSatisfy(o -> assertThat(o.biliCode()).isEqualTo(-799));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aNoticeBeforeTheAnswerIsAnEventAndTheLastDocumentTheAnswer(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            env.server.script("/test/json", BilibiliErrors.fault(-509));
            Exchange.Answer answer = new ContextParts(env).exchange.json(json(env), null, true).join();
            assertThat(answer.notices()).singleElement()
                    .satisfies(n -> assertThat(n.path("code").asInt()).isEqualTo(-509));
            assertThat(answer.code()).isNotEqualTo(-509);
            assertThat(env.events).filteredOn(e -> e.description().equals("notice before the answer"))
                    .singleElement().satisfies(e -> assertThat(e.data().get("codes")).isEqualTo(List.of(-509)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aStatusOtherThan200IsANetworkExceptionWithAMaskedExcerpt(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            env.server.script("/test/json", Fault.respond(503, "text/plain",
                    "down; SESSDATA=" + FakeEnv.ACCOUNT.sessdata()));
            Exchange exchange = new ContextParts(env).exchange;
            assertThatThrownBy(() -> exchange.json(json(env), FakeEnv.ACCOUNT, true).join())
                    .isInstanceOf(CompletionException.class).cause()
                    .isInstanceOfSatisfying(NetworkException.class, e -> {
                        assertThat(e.status()).isEqualTo(503);
                        assertThat(e.getMessage()).contains("down").doesNotContain(FakeEnv.ACCOUNT.sessdata());
                    });
            assertThat(env.outcomes).singleElement().satisfies(o -> {
                assertThat(o.httpStatus()).isEqualTo(503);
                assertThat(o.error()).isInstanceOf(NetworkException.class);
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void http412IsRiskControlObservedWithCodeMinus412(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            env.server.script("/test/json", BilibiliErrors.fault(-412));
            Exchange exchange = new ContextParts(env).exchange;
            assertThatThrownBy(() -> exchange.json(json(env), null, false).join())
                    .isInstanceOf(CompletionException.class).cause()
                    .isInstanceOfSatisfying(RiskControlException.class, e -> {
                        assertThat(e.category()).isEqualTo(RiskControl.REQUEST_BLOCKED);
                        assertThat(e.httpStatus()).isEqualTo(412);
                        assertThat(e.biliMessage()).isEqualTo("请求被拦截");
                    });
            assertThat(env.outcomes).singleElement().satisfies(o -> {
                assertThat(o.httpStatus()).isEqualTo(412);
                assertThat(o.biliCode()).isEqualTo(-412);
                assertThat(o.error()).isInstanceOf(RiskControlException.class);
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aConnectionFailureIsTheClientsExceptionObservedWithoutStatus(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            env.server.scriptAlways("/test/json", Fault.closeWithoutResponse());
            Exchange exchange = new ContextParts(env).exchange;
            assertThatThrownBy(() -> exchange.json(json(env), null, true).join())
                    .isInstanceOf(CompletionException.class).cause().isInstanceOf(BiliClientException.class);
            assertThat(env.outcomes).singleElement().satisfies(o -> {
                assertThat(o.httpStatus()).isEqualTo(-1);
                assertThat(o.error()).isInstanceOf(BiliClientException.class);
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void rawSendsWithoutParsingOrObserving(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            env.server.script("/test/json", Fault.respond(404, "text/html", "<html>no</html>"));
            assertThat(new ContextParts(env).exchange.raw(json(env)).join().code()).isEqualTo(404);
            assertThat(env.calls).isEmpty();
        }
    }
}
