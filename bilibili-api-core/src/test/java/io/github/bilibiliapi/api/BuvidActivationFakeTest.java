package io.github.bilibiliapi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.test.bilibili.BilibiliErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** buvid activation on its own, on every backend against the fake. */
class BuvidActivationFakeTest {

    private static final String ACTIVATE = "/x/internal/gaia-gateway/ExClimbWuzhi";

    static Stream<Named<Supplier<BiliApiClient>>> backends() {
        return Backends.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void onePairIsObtainedAndActivatedForConcurrentCallers(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            BuvidActivation buvid = new ContextParts(env).buvid;
            assertThat(buvid.known()).isNull();
            List<CompletableFuture<BuvidActivation.Buvid>> pairs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                pairs.add(buvid.get().future());
            }
            CompletableFuture.allOf(pairs.toArray(CompletableFuture[]::new)).join();
            BuvidActivation.Buvid pair = pairs.get(0).join();
            assertThat(pairs).allSatisfy(p -> assertThat(p.join()).isEqualTo(pair));
            assertThat(pair.buvid3()).endsWith("infoc");
            assertThat(env.state.isActivated(pair.buvid3())).isTrue();
            assertThat(env.state.spiRequests()).isEqualTo(1);
            assertThat(env.state.activationRequests()).isEqualTo(1);
            assertThat(env.server.lastRequest(ACTIVATE).cookies()).containsEntry("buvid3", pair.buvid3())
                    .containsKeys("buvid4", "_uuid", "buvid_fp");
            assertThat(buvid.known()).isEqualTo(pair);
            assertThat(env.events).anySatisfy(e -> assertThat(e.description()).isEqualTo("buvid activated"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aRejectedGenerationIsRenewedOnce(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            BuvidActivation buvid = new ContextParts(env).buvid;
            SingleFlight.Slot<BuvidActivation.Buvid> first = buvid.get();
            first.future().join();
            buvid.invalidate(first.generation());
            buvid.invalidate(first.generation());
            BuvidActivation.Buvid renewed = buvid.get().future().join();
            assertThat(renewed).isNotEqualTo(first.future().join());
            assertThat(env.state.spiRequests()).isEqualTo(2);
            assertThat(env.state.activationRequests()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aFailedActivationNamesTheStepAndIsNotCached(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            env.server.script(ACTIVATE, BilibiliErrors.fault(130212));
            BuvidActivation buvid = new ContextParts(env).buvid;
            assertThatThrownBy(() -> buvid.get().future().join()).isInstanceOf(CompletionException.class).cause()
                    .isInstanceOfSatisfying(BuvidActivationException.class, e -> {
                        assertThat(e.getMessage()).contains("ExClimbWuzhi").contains("130212");
                        assertThat(e.getCause()).isInstanceOfSatisfying(ResponseCodeException.class,
                                c -> assertThat(c.code()).isEqualTo(130212));
                    });
            assertThat(buvid.known()).isNull();
            assertThat(env.state.isActivated(buvid.get().future().join().buvid3())).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void buvid3IsTheCredentialsOwnOrNoneWhenAutoBuvidIsOff(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            Credential own = Credential.builder().buvid3("OWN-infoc").build();
            assertThat(new ContextParts(env).buvid.buvid3(own).join()).isEqualTo("OWN-infoc");
            assertThat(new ContextParts(env, s -> s.enableAutoBuvid(false), Credential.empty(), RequestPacing.none())
                    .buvid.buvid3(Credential.empty()).join()).isEmpty();
            assertThat(env.state.spiRequests()).isZero();
        }
    }
}
