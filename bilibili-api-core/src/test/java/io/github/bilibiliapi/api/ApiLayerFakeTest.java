package io.github.bilibiliapi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.dynamic.DynamicService;
import io.github.bilibiliapi.test.Fault;
import io.github.bilibiliapi.test.RecordedRequest;
import io.github.bilibiliapi.test.bilibili.BilibiliErrors;
import io.github.bilibiliapi.test.bilibili.FakeBilibiliState;
import io.github.bilibiliapi.user.UserInfo;
import io.github.bilibiliapi.user.UserService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Api layer's behaviour against the fake bilibili, on every backend. */
class ApiLayerFakeTest {

    private static final String ACC_INFO = "/x/space/wbi/acc/info";
    private static final String VIEW = "/x/web-interface/view";
    private static final String VIEW_URL = "https://api.bilibili.com/x/web-interface/view";
    private static final Fault ACCESS_DENIED = Fault.respond(200, "application/json",
            "{\"code\":-403,\"message\":\"访问权限不足\",\"ttl\":1}");

    static Stream<Named<Supplier<BiliApiClient>>> backends() {
        return Backends.all();
    }

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void expectedBackendsAreOnTheClasspath() {
        assertThat(Backends.providerNames()).containsAll(Backends.EXPECTED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void coldCacheUnder200ConcurrentSignedCallsFetchesKeysAndBuvidOnce(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            UserService users = new UserService(env.context());
            List<CompletableFuture<UserInfo>> calls = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                calls.add(users.getUserInfo(i));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
            for (int i = 0; i < 200; i++) {
                assertThat(calls.get(i).join().mid()).isEqualTo(i + 1);
            }
            assertThat(env.state.navRequests()).isEqualTo(1);
            assertThat(env.state.spiRequests()).isEqualTo(1);
            assertThat(env.state.activationRequests()).isEqualTo(1);
            assertThat(env.state.signatureFailures()).isZero();
            assertThat(env.server.requestCount(ACC_INFO)).isEqualTo(200);
            // one observation per exchange: 200 acc/info + nav + spi + ExClimbWuzhi
            assertThat(env.calls).hasSize(203);
            assertThat(env.outcomes).hasSize(203);
            // the logged-out nav answered -101 and its keys were used all the same
            assertThat(env.outcomes).filteredOn(o -> o.biliCode() != null && o.biliCode() == -101).hasSize(1)
                    .allSatisfy(o -> assertThat(o.error()).isNull());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void keyRotationMidRunRecoversThroughOneRetry(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            UserService users = new UserService(env.context());
            assertThat(users.getUserInfo(2).join().name()).isEqualTo("碧诗");
            env.state.rotateWbiKeys();
            assertThat(users.getUserInfo(3).join().mid()).isEqualTo(3);
            assertThat(env.state.navRequests()).isEqualTo(2);
            assertThat(env.state.signatureFailures()).isEqualTo(1);
            assertThat(env.events).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo(BiliEventType.ANTI_SPIDER);
                assertThat(e.description()).isEqualTo("WBI retry");
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void rotationUnderConcurrencyRefreshesTheKeyOncePerIncident(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            UserService users = new UserService(env.context());
            users.getUserInfo(1).join();
            env.state.rotateWbiKeys();
            List<CompletableFuture<UserInfo>> calls = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                calls.add(users.getUserInfo(i));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
            assertThat(env.state.navRequests()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void persistentRejectionEndsInWbiRetryTimesExceeded(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            env.server.scriptAlways(ACC_INFO, BilibiliErrors.fault(-352));
            UserService users = new UserService(env.contextBuilder(s -> s.wbiRetryTimes(2)).build());
            Throwable t = failure(users.getUserInfo(2));
            assertThat(t).isInstanceOfSatisfying(WbiRetryTimesExceededException.class,
                    e -> assertThat(e.attempts()).isEqualTo(3));
            assertThat(t.getCause()).isInstanceOfSatisfying(RiskControlException.class,
                    e -> assertThat(e.category()).isEqualTo(RiskControl.SIGNATURE_REJECTED));
            assertThat(env.server.requestCount(ACC_INFO)).isEqualTo(3);
            assertThat(env.state.navRequests()).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void nonIdempotentRequestsAreNotRetried(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            env.server.script("/test/echo", ACCESS_DENIED, 1);
            BiliContext ctx = env.context();
            Api post = Api.post("https://api.bilibili.com/test/echo").wbi(true).noCsrf(true).data("a", 1).build();
            Throwable t = failure(ctx.execute(post));
            assertThat(t).isInstanceOfSatisfying(RiskControlException.class,
                    e -> assertThat(e.category()).isEqualTo(RiskControl.ACCESS_DENIED));
            assertThat(env.server.requestCount("/test/echo")).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void everyErrorPathHasItsType(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            BiliContext ctx = env.context();
            Api view = Api.get(VIEW_URL).param("aid", 170001).build();

            env.server.script(VIEW, Fault.html(412, "<html><body><h1>412 Precondition Failed</h1></body></html>"), 1);
            assertThat(failure(ctx.execute(view))).isInstanceOfSatisfying(RiskControlException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(412);
                assertThat(e.biliMessage()).contains("412 Precondition Failed");
                assertThat(e.category()).isEqualTo(RiskControl.REQUEST_BLOCKED);
            });

            env.server.script(VIEW, BilibiliErrors.fault(-412), 1);
            assertThat(failure(ctx.execute(view))).isInstanceOfSatisfying(RiskControlException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(412);
                assertThat(e.code()).isEqualTo(-412);
            });

            for (int code : new int[] {-799, -101, -111, -352, -403}) {
                env.server.script(VIEW, code == -403 ? ACCESS_DENIED : BilibiliErrors.fault(code), 1);
                assertThat(failure(ctx.execute(view))).isInstanceOfSatisfying(RiskControlException.class,
                        e -> assertThat(e.code()).isEqualTo(code));
            }

            env.server.script(VIEW, BilibiliErrors.fault(62002), 1);
            assertThat(failure(ctx.execute(view))).isExactlyInstanceOf(ResponseCodeException.class);

            env.server.script(VIEW, Fault.respond(200, "application/json",
                    TestResources.text("errors/code-509_concatenated_two_json_bodies.txt")), 1);
            ApiResult concatenated = ctx.execute(view).join();
            assertThat(concatenated.code()).isZero();
            assertThat(concatenated.data().isObject()).isTrue();
            assertThat(env.events).anySatisfy(e -> assertThat(e.description()).contains("notice"));

            env.server.script(VIEW, Fault.respond(200, "text/html", "<html>oops</html>"), 1);
            assertThat(failure(ctx.execute(view))).isInstanceOf(ResponseParseException.class)
                    .hasMessageContaining("not JSON");

            env.server.script(VIEW, Fault.respond(200, "application/json", "{\"data\":{}}"), 1);
            assertThat(failure(ctx.execute(view))).isInstanceOf(ResponseParseException.class)
                    .hasMessageContaining("no 'code'");

            env.server.script(VIEW, Fault.respond(200, "application/javascript",
                    "callback({\"code\":0,\"data\":{\"x\":7}});"), 1);
            assertThat(ctx.execute(view).join().data().get("x").asInt()).isEqualTo(7);

            env.server.script(VIEW, Fault.respond(200), 1);
            assertThat(failure(ctx.execute(view))).isInstanceOf(ResponseParseException.class)
                    .hasMessageContaining("Empty body");
            env.server.script(VIEW, Fault.respond(200), 1);
            assertThat(ctx.execute(view.toBuilder().ignoreCode(true).build()).join().json().isMissingNode()).isTrue();

            env.server.script(VIEW, Fault.respond(503, "text/plain", "down"), 1);
            assertThat(failure(ctx.execute(view))).isInstanceOfSatisfying(NetworkException.class,
                    e -> assertThat(e.status()).isEqualTo(503));

            env.server.script(VIEW, BilibiliErrors.fault(-799), 1);
            assertThat(ctx.execute(view.toBuilder().ignoreCode(true).build()).join().code()).isEqualTo(-799);

            // I/O failures are the backend's BiliClientException, passed through unwrapped
            // (always: backends may transparently re-send an idempotent GET once after a dropped connection)
            env.server.scriptAlways(VIEW, Fault.closeWithoutResponse());
            Throwable dropped = failure(ctx.execute(view));
            env.server.clearScripts();
            assertThat(dropped).isInstanceOf(io.github.bilibiliapi.client.BiliClientException.class)
                    .hasMessageNotContaining("aid=");
            assertThat(env.outcomes.get(env.outcomes.size() - 1)).satisfies(o -> {
                assertThat(o.httpStatus()).isEqualTo(-1);
                assertThat(o.error()).isInstanceOf(io.github.bilibiliapi.client.BiliClientException.class);
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void failedActivationIsAClearErrorAndNotCached(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            env.server.script("/x/internal/gaia-gateway/ExClimbWuzhi", Fault.respond(200, "application/json",
                    TestResources.text("errors/ExClimbWuzhi_code130212.json")), 1);
            UserService users = new UserService(env.context());
            assertThat(failure(users.getUserInfo(2))).isInstanceOf(BuvidActivationException.class)
                    .hasMessageContaining("ExClimbWuzhi").hasMessageContaining("130212");
            assertThat(env.server.requestCount(ACC_INFO)).isZero();
            assertThat(users.getUserInfo(2).join().mid()).isEqualTo(2);
            // the scripted failure replaced the route, so count at the server, not in the fake's state
            assertThat(env.server.requestCount("/x/internal/gaia-gateway/ExClimbWuzhi")).isEqualTo(2);
            assertThat(env.state.spiRequests()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void credentialProblemsFailBeforeAnyIo(Supplier<BiliApiClient> backend) throws Exception {
        try (FakeEnv env = new FakeEnv(backend)) {
            DynamicService dyn = new DynamicService(env.context());
            Path image = java.nio.file.Files.createTempFile("img", ".png");
            try {
                assertThatThrownBy(() -> dyn.uploadImage(image)).isInstanceOf(CredentialException.class)
                        .hasMessageContaining("SESSDATA");
                BiliContext loggedInNoJct = env.contextBuilder(s -> { })
                        .credential(Credential.builder().sessdata("x").build()).build();
                assertThatThrownBy(() -> new DynamicService(loggedInNoJct).uploadImage(image))
                        .isInstanceOf(CredentialException.class).hasMessageContaining("bili_jct");
                assertThat(env.server.totalRequests()).isZero();
            } finally {
                java.nio.file.Files.deleteIfExists(image);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void wrongCsrfIsCsrfFailed(Supplier<BiliApiClient> backend) throws Exception {
        try (FakeEnv env = new FakeEnv(backend)) {
            Path image = EndpointsFakeTest.png(10, 10);
            try {
                BiliContext ctx = env.contextBuilder(s -> { })
                        .credential(FakeEnv.ACCOUNT.toBuilder().biliJct("ffffffffffffffffffffffffffffffff").build())
                        .build();
                assertThat(failure(new DynamicService(ctx).uploadImage(image)))
                        .isInstanceOfSatisfying(RiskControlException.class,
                                e -> assertThat(e.category()).isEqualTo(RiskControl.CSRF_FAILED));
            } finally {
                java.nio.file.Files.deleteIfExists(image);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void biliTicketIsSentRefreshedAndItsNavKeysUsed(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            env.state.setTicketTtl(Duration.ofHours(3));
            BiliContext ctx = env.contextBuilder(s -> s.enableBiliTicket(true).wbiKeyTtl(Duration.ofDays(1))).build();
            UserService users = new UserService(ctx);
            users.getUserInfo(2).join();
            assertThat(env.state.ticketRequests()).isEqualTo(1);
            assertThat(env.state.navRequests()).as("keys came with the ticket").isZero();
            RecordedRequest acc = env.server.lastRequest(ACC_INFO);
            assertThat(env.state.isTicketValid(acc.cookies().get("bili_ticket"))).isTrue();
            assertThat(acc.cookies()).containsKey("bili_ticket_expires");

            users.getUserInfo(3).join();
            assertThat(env.state.ticketRequests()).isEqualTo(1);
            ctx.refreshBiliTicket();
            users.getUserInfo(3).join();
            assertThat(env.state.ticketRequests()).isEqualTo(2);
            env.clock.advance(Duration.ofHours(3).minusMinutes(5)); // inside the refresh margin
            users.getUserInfo(4).join();
            assertThat(env.state.ticketRequests()).isEqualTo(3);
            assertThat(env.state.isTicketValid(env.server.lastRequest(ACC_INFO).cookies().get("bili_ticket")))
                    .isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void cookiesGoOnlyToBilibiliAndRedirectedHosts(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            BiliContext ctx = env.contextBuilder(s -> { }).credential(FakeEnv.ACCOUNT).build();
            ctx.execute(Api.get(env.server.httpBaseUrl() + "/test/echo").ignoreCode(true).build()).join();
            RecordedRequest foreign = env.server.lastRequest("/test/echo");
            assertThat(foreign.cookies()).isEmpty();
            assertThat(foreign.header("referer")).isNull();
            assertThat(env.state.spiRequests()).as("no buvid work for foreign hosts").isZero();

            ctx.execute(Api.get("https://api.bilibili.com/test/echo").ignoreCode(true).build()).join();
            RecordedRequest redirected = env.server.lastRequest("/test/echo");
            assertThat(redirected.cookies()).containsEntry("SESSDATA", FakeBilibiliState.DEFAULT_SESSDATA)
                    .containsKey("buvid3");
            assertThat(redirected.header("user-agent")).isEqualTo(RequestSettings.DEFAULT_USER_AGENT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void eventsAndObservationsCarryNoSecrets(Supplier<BiliApiClient> backend) throws Exception {
        try (FakeEnv env = new FakeEnv(backend)) {
            Path image = EndpointsFakeTest.png(3, 3);
            try {
                BiliContext ctx = env.contextBuilder(s -> { }).credential(FakeEnv.ACCOUNT).build();
                new UserService(ctx).getUserInfo(2).join();
                new DynamicService(ctx).uploadImage(image).join();
                String buvid3 = env.server.lastRequest(ACC_INFO).cookies().get("buvid3");
                assertThat(buvid3).isNotBlank();
                String everything = env.events.toString() + env.calls + env.outcomes;
                assertThat(everything).doesNotContain(FakeBilibiliState.DEFAULT_SESSDATA,
                        FakeBilibiliState.DEFAULT_BILI_JCT, buvid3);
                assertThat(env.events).extracting(BiliEvent::type).contains(BiliEventType.API_REQUEST,
                        BiliEventType.API_RESPONSE, BiliEventType.ANTI_SPIDER);
                assertThat(env.calls).allSatisfy(c -> {
                    assertThat(c.path()).doesNotContain("?");
                    assertThat(c.backend()).isEqualTo(env.client.backendName());
                    assertThat(c.host()).isEqualTo("127.0.0.1");
                });
                assertThat(env.calls).extracting(ApiCallInfo::path).contains("/x/web-interface/nav",
                        "/x/frontend/finger/spi", "/x/internal/gaia-gateway/ExClimbWuzhi", ACC_INFO,
                        "/x/dynamic/feed/draw/upload_bfs");
                assertThat(env.outcomes).allSatisfy(o -> assertThat(o.httpStatus()).isEqualTo(200));
            } finally {
                java.nio.file.Files.deleteIfExists(image);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void preparedRequestIsWhatWasSigned(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            BiliContext ctx = env.contextBuilder(s -> { }).credential(FakeEnv.ACCOUNT).build();
            Api api = Api.post("https://api.bilibili.com/test/echo").wbi(true).param("keyword", "弹幕 hello!'()*~")
                    .param("flag", true).param("off", false).param("gone", null).param("Z", 1)
                    .data("text", "a b&c").data("yes", true).data("none", null).build();
            tools.jackson.databind.JsonNode echo = ctx.execute(api.toBuilder().ignoreCode(true).build()).join().json();

            String raw = echo.get("rawQuery").asString();
            int cut = raw.lastIndexOf("&w_rid=");
            String signed = raw.substring(0, cut);
            String mixin = WbiSigner.mixinKey(env.state.currentWbiKeys().imgKey(), env.state.currentWbiKeys().subKey());
            // byte-identical: the w_rid sent is the md5 of exactly the bytes that precede it
            assertThat(raw.substring(cut + "&w_rid=".length())).isEqualTo(WbiSigner.md5Hex(signed, mixin));
            assertThat(signed).startsWith("Z=1&flag=1&keyword=%E5%BC%B9%E5%B9%95%20hello~&off=0&web_location=1550101&wts=");
            assertThat(signed).doesNotContain("gone");

            assertThat(echo.path("form").path("text").get(0).asString()).isEqualTo("a b&c");
            assertThat(echo.path("form").path("yes").get(0).asString()).isEqualTo("1");
            assertThat(echo.path("form").has("none")).isFalse();
            assertThat(echo.path("form").path("csrf").get(0).asString()).isEqualTo(FakeBilibiliState.DEFAULT_BILI_JCT);
            assertThat(echo.path("form").path("csrf_token").get(0).asString())
                    .isEqualTo(FakeBilibiliState.DEFAULT_BILI_JCT);

            Api json = Api.post("https://api.bilibili.com/test/echo").jsonBody(true).data("n", 5).data("b", false)
                    .param("jsonp", "jsonp").ignoreCode(true).build();
            tools.jackson.databind.JsonNode echo2 = ctx.execute(json).join().json();
            assertThat(echo2.get("contentType").asString()).startsWith("application/json");
            tools.jackson.databind.JsonNode sent = Json.MAPPER.readTree(echo2.get("bodyText").asString());
            assertThat(sent.get("n").isInt()).isTrue();
            assertThat(sent.get("n").asInt()).isEqualTo(5);
            assertThat(sent.get("b").asInt()).isZero();
            assertThat(sent.get("csrf").asString()).isEqualTo(FakeBilibiliState.DEFAULT_BILI_JCT);
            assertThat(echo2.get("rawQuery").asString()).isEqualTo("jsonp=jsonp&callback=callback");
        }
    }
}
