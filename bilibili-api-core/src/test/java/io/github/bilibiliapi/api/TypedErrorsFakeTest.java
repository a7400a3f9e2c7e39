package io.github.bilibiliapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiClientProvider;
import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.test.Fault;
import io.github.bilibiliapi.test.bilibili.BilibiliErrors;
import io.github.bilibiliapi.user.UserService;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The errors users hit, typed, on every backend: -401 (gaia anti-crawler) and a code-0 answer holding only a
 * {@code v_voucher} are {@link RiskControlException}s; a proxy that refuses the connection is a
 * {@link NetworkException} naming the (masked) proxy, also when the first call is the buvid activation.
 */
class TypedErrorsFakeTest {

    private static final String ACC_INFO = "/x/space/wbi/acc/info";
    private static final String PROXY_PASSWORD = "proxy0secret0pw";

    static Stream<Named<Supplier<BiliApiClient>>> backends() {
        return Backends.all();
    }

    /** The three backends (the user's plain client has no proxy support). */
    static Stream<Named<Supplier<BiliApiClient>>> proxyBackends() {
        return ServiceLoader.load(BiliApiClientProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> Backends.EXPECTED.contains(p.name()))
                .map(p -> Named.of(p.name(), () -> p.factory().create(ClientSettings.DEFAULTS, null)));
    }

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void code401IsRiskControlWithItsVoucher(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            env.server.script(ACC_INFO, BilibiliErrors.fault(-401));
            Throwable e = failure(new UserService(env.context()).getUserInfo(2));
            assertThat(e).isInstanceOf(RiskControlException.class).hasMessageContaining("-401");
            RiskControlException rc = (RiskControlException) e;
            assertThat(rc.category()).isEqualTo(RiskControl.ILLEGAL_ACCESS);
            assertThat(rc.riskControl()).contains(RiskControl.ILLEGAL_ACCESS);
            assertThat(rc.vVoucher()).contains("voucher_2c8c3a77-c37a-44f8-8eb5-8e1858e2e5b6");
            assertThat(env.server.requestCount(ACC_INFO)).as("-401 is not retried").isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aCode0AnswerHoldingOnlyAVoucherIsAChallengeNotASuccess(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            env.server.script(ACC_INFO, Fault.respond(200, "application/json",
                    TestResources.text("rest/wbi_missing_signature_v_voucher_code0.json")));
            Throwable e = failure(new UserService(env.context()).getUserInfo(2));
            assertThat(e).isInstanceOf(RiskControlException.class).hasMessageContaining("v_voucher")
                    .hasMessageContaining("challenge");
            RiskControlException rc = (RiskControlException) e;
            assertThat(rc.category()).isEqualTo(RiskControl.VOUCHER_CHALLENGE);
            assertThat(rc.code()).isZero();
            assertThat(rc.vVoucher()).contains("voucher_******");
            assertThat(env.outcomes.get(env.outcomes.size() - 1).error()).as("observed as an error")
                    .isInstanceOf(RiskControlException.class);
            // real data is still a success
            assertThat(new UserService(env.context()).getUserInfo(2).join().mid()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("proxyBackends")
    void aRefusingProxyIsNamedMaskedAndTheBuvidActivationKeepsTheReasonFirst(Supplier<BiliApiClient> backend)
            throws IOException {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        try (FakeEnv env = new FakeEnv(backend)) {
            env.client.setTrustEnv(false);
            env.client.setProxy("http://user:" + PROXY_PASSWORD + "@127.0.0.1:" + deadPort);
            String proxy = "http://***@127.0.0.1:" + deadPort;

            // the first call needs a buvid: the activation wraps the proxy failure, the reason first
            Throwable first = failure(new UserService(env.context()).getUserInfo(2));
            assertThat(first).isInstanceOf(BuvidActivationException.class)
                    .hasMessageStartingWith("The proxy " + proxy + " refused or failed the connection")
                    .hasMessageContaining("finger/spi").hasMessageNotContaining(PROXY_PASSWORD);
            assertThat(first.getCause()).isInstanceOf(NetworkException.class);

            // without a buvid to fetch, the call itself fails with the NetworkException
            BiliContext noBuvid = env.contextBuilder(s -> s.enableAutoBuvid(false)).build();
            Throwable direct = failure(noBuvid.execute(Api.get("https://api.bilibili.com/x/web-interface/nav")
                    .build()));
            assertThat(direct).isInstanceOf(NetworkException.class)
                    .hasMessageStartingWith("The proxy " + proxy + " refused or failed the connection")
                    .hasMessageContaining("/x/web-interface/nav").hasMessageNotContaining(PROXY_PASSWORD)
                    .hasCauseInstanceOf(BiliClientException.class);
            NetworkException ne = (NetworkException) direct;
            assertThat(ne.proxy()).contains(proxy);
            assertThat(ne.status()).isEqualTo(-1);
        }
    }
}
