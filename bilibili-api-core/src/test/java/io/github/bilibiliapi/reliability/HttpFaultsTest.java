package io.github.bilibiliapi.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.ApiResult;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.NetworkException;
import io.github.bilibiliapi.api.ResponseParseException;
import io.github.bilibiliapi.api.RiskControl;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.BiliTimeoutException;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.Fault;
import io.github.bilibiliapi.test.HttpTestModule;
import io.github.bilibiliapi.test.bilibili.BilibiliErrors;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HTTP faults from the fake bilibili, on every backend: each surfaces as the documented exception within the
 * timeout, and afterwards the client is still usable; once the client is closed, no connection, thread or file
 * descriptor is left behind. Each scenario runs once on a throw-away client first (so that lazily opened jars and
 * lazily started JVM threads are not counted), then {@link #REPEAT} times on a fresh client between two snapshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpFaultsTest {

    /** A short call timeout, so that the timeout faults are quick. */
    static final Duration TIMEOUT = Duration.ofMillis(800);
    /** A timeout must fire within the timeout plus this (a correctness bound, not a performance target). */
    static final Duration SLACK = Duration.ofSeconds(3);
    static final int REPEAT = 3;
    static final int CAP = 1024 * 1024;

    private FakeBilibiliServer server;

    /** A fresh fake per test, so that whatever one scenario leaves behind cannot fail the next ones. */
    @BeforeEach
    void start() {
        server = FakeBilibiliServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static java.util.stream.Stream<String> backends() {
        return Reliability.backends();
    }

    private String url(String path) {
        return server.httpBaseUrl() + path;
    }

    /** Runs a scenario once to warm up, then {@code repeat} times between two resource snapshots. */
    private void scenario(String backend, String name, ClientSettings settings, int repeat,
            Consumer<BiliApiClient> body) {
        try (BiliApiClient warm = Reliability.newClient(backend, settings)) {
            body.accept(warm);
        }
        Reliability.awaitServerIdle(server);
        Reliability.Snapshot before = Reliability.Snapshot.take();
        try (BiliApiClient client = Reliability.newClient(backend, settings)) {
            for (int i = 0; i < repeat; i++) {
                body.accept(client);
            }
            // still usable after the faults
            assertThat(join(client.request(BiliApiRequest.get(url("/test/json")).build())).utf8Text())
                    .isEqualTo(HttpTestModule.JSON_BODY);
        }
        before.assertReleased(server, backend + " " + name + " x" + repeat);
    }

    private static ClientSettings settings() {
        return ClientSettings.DEFAULTS.withTimeout(TIMEOUT);
    }

    /** Waits for a future and returns its failure, failing if it succeeds or takes longer than the bound. */
    private static Throwable failureOf(CompletableFuture<?> future, Duration within) {
        long start = System.nanoTime();
        try {
            future.get(within.toMillis() + 30_000, TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a failure, got a result");
        } catch (ExecutionException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("failed within").isLessThanOrEqualTo(within);
            return e.getCause();
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer", e);
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ transport faults

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void connectionResetMidBodyIsAClientException(String backend) {
        scenario(backend, "reset mid-body", settings(), REPEAT, client -> {
            server.script("/test/json", Fault.resetMidBody(100_000, 10_000));
            Throwable error = failureOf(client.request(BiliApiRequest.get(url("/test/json")).param("s", "x")
                    .build()), TIMEOUT.plus(SLACK));
            assertThat(error).isInstanceOf(BiliClientException.class).isNotInstanceOf(BiliTimeoutException.class)
                    .hasMessageContaining("GET").hasMessageContaining("/test/json").hasMessageNotContaining("s=x");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void closeWithoutResponseIsAClientException(String backend) {
        scenario(backend, "close without response", settings(), REPEAT, client -> {
            // always: OkHttp and the JDK client retry an idempotent request once on a connection closed this way
            server.scriptAlways("/test/json", Fault.closeWithoutResponse());
            Throwable error = failureOf(client.request(BiliApiRequest.get(url("/test/json")).build()),
                    TIMEOUT.plus(SLACK));
            server.clearScripts();
            assertThat(error).isInstanceOf(BiliClientException.class).hasMessageContaining("/test/json");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aServerThatNeverAnswersTimesOut(String backend) {
        scenario(backend, "no response", settings(), REPEAT, client -> {
            server.script("/test/json", Fault.noResponse());
            Throwable error = failureOf(client.request(BiliApiRequest.get(url("/test/json")).build()),
                    TIMEOUT.plus(SLACK));
            assertThat(error).isInstanceOf(BiliTimeoutException.class).hasMessageContaining("/test/json")
                    .hasMessageContaining("timed out");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aBodyTricklingPastTheTimeoutTimesOut(String backend) {
        scenario(backend, "trickle", settings(), REPEAT, client -> {
            // 32 KiB at 1 KiB per 100 ms: 3.2 s, far past the timeout, while each chunk keeps the socket busy
            server.script("/test/json", Fault.trickle(new byte[32 * 1024], 1024, Duration.ofMillis(100)));
            Throwable error = failureOf(client.request(BiliApiRequest.get(url("/test/json")).build()),
                    TIMEOUT.plus(SLACK));
            assertThat(error).isInstanceOf(BiliTimeoutException.class).hasMessageContaining("/test/json");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aBodyLargerThanTheCapFailsNamingTheCap(String backend) {
        scenario(backend, "body over a 1 MiB cap", settings().withMaxResponseBytes(CAP), REPEAT, client -> {
            BiliApiResponse exact = join(client.request(BiliApiRequest.get(url("/test/bytes"))
                    .param("n", Integer.toString(CAP)).build()));
            assertThat(exact.raw()).hasSize(CAP);
            Throwable error = failureOf(client.request(BiliApiRequest.get(url("/test/bytes"))
                    .param("n", Integer.toString(CAP + 1)).build()), TIMEOUT.plus(SLACK));
            assertThat(error).isInstanceOf(BiliClientException.class).isNotInstanceOf(BiliTimeoutException.class)
                    .hasMessageContaining("/test/bytes").hasMessageContaining("larger than the cap of " + CAP);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aHugeBodyStopsAtTheDefault64MiBCap(String backend) {
        assertThat(ClientSettings.DEFAULTS.maxResponseBytes()).isEqualTo(64 * 1024 * 1024);
        ClientSettings settings = ClientSettings.DEFAULTS.withTimeout(Duration.ofSeconds(30));
        long heapBefore = Reliability.usedHeapAfterGc();
        scenario(backend, "1 GiB body, default cap", settings, 1, client -> {
            // announces and streams 1 GiB: the client must give up at 64 MiB, never buffer it all
            Throwable error = failureOf(client.request(BiliApiRequest.get(url("/test/bytes"))
                    .param("n", Long.toString(1L << 30)).build()), Duration.ofSeconds(30));
            assertThat(error).isInstanceOf(BiliClientException.class)
                    .hasMessageContaining("larger than the cap of " + (64 * 1024 * 1024));
        });
        long heapAfter = Reliability.usedHeapAfterGc();
        System.out.printf("[reliability] %s 1 GiB body: used heap %d MiB -> %d MiB%n", backend, heapBefore >> 20,
                heapAfter >> 20);
        assertThat(heapAfter - heapBefore).as("heap growth").isLessThan(64L * 1024 * 1024);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void maxResponseBytesMustBePositive(String backend) {
        assertThatThrownBy(() -> ClientSettings.DEFAULTS.withMaxResponseBytes(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxResponseBytes");
        assertThatThrownBy(() -> ClientSettings.DEFAULTS.withMaxResponseBytes(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxResponseBytes");
    }

    // ------------------------------------------------------------------ faults the Api layer interprets

    private BiliContext context(BiliApiClient client) {
        return BiliContext.builder().client(client).build();
    }

    private CompletableFuture<ApiResult> apiCall(BiliContext context) {
        // a non-bilibili host: no cookies, no buvid or WBI work, just the call and its processing
        return context.execute(Api.get(url("/test/json")).param("bvid", "BV1xx411c7mD").build());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void a5xxBurstIsNetworkExceptionsThenTheClientRecovers(String backend) {
        scenario(backend, "5xx burst", settings(), 1, client -> {
            BiliContext context = context(client);
            int[] statuses = {500, 502, 503, 504, 503, 503, 500, 502};
            for (int status : statuses) {
                server.script("/test/json", Fault.respond(status, "text/plain", "upstream " + status));
            }
            for (int status : statuses) {
                Throwable error = failureOf(apiCall(context), TIMEOUT.plus(SLACK));
                assertThat(error).isInstanceOf(NetworkException.class);
                assertThat(((NetworkException) error).status()).isEqualTo(status);
                assertThat(error).hasMessageNotContaining("BV1xx411c7mD");
            }
            assertThat(join(apiCall(context)).code()).isZero();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void a412IsARequestBlockedRiskControlException(String backend) {
        scenario(backend, "412", settings(), REPEAT, client -> {
            server.script("/test/json", BilibiliErrors.fault(-412));
            Throwable error = failureOf(apiCall(context(client)), TIMEOUT.plus(SLACK));
            assertThat(error).isInstanceOf(io.github.bilibiliapi.api.RiskControlException.class);
            io.github.bilibiliapi.api.RiskControlException n = (io.github.bilibiliapi.api.RiskControlException) error;
            assertThat(n.httpStatus()).isEqualTo(412);
            assertThat(n.riskControl()).contains(RiskControl.REQUEST_BLOCKED);
            assertThat(n.biliMessage().length()).isLessThanOrEqualTo(203);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void malformedJsonIsAResponseParseException(String backend) {
        scenario(backend, "malformed JSON", settings(), REPEAT, client -> {
            server.script("/test/json", Fault.respond(200, "application/json", "{\"code\":0,\"data\":{\"mid\":"));
            Throwable error = failureOf(apiCall(context(client)), TIMEOUT.plus(SLACK));
            assertThat(error).isInstanceOf(ResponseParseException.class);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void anEmptyBodyIsAResponseParseException(String backend) {
        scenario(backend, "empty body", settings(), REPEAT, client -> {
            server.script("/test/json", Fault.respond(200).withHeader("Content-Type", "application/json"));
            Throwable error = failureOf(apiCall(context(client)), TIMEOUT.plus(SLACK));
            assertThat(error).isInstanceOf(ResponseParseException.class);
        });
    }
}
