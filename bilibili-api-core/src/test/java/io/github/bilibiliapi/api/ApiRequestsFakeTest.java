package io.github.bilibiliapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The prepare step on its own, on every backend against the fake. */
class ApiRequestsFakeTest {

    static Stream<Named<Supplier<BiliApiClient>>> backends() {
        return Backends.all();
    }

    private static Api signed() {
        return Api.get(ContextParts.api("/x/space/wbi/acc/info")).param("mid", 2).wbi(true).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void thePreparedRequestNamesTheGenerationsItUsed(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            ContextParts parts = new ContextParts(env);
            ApiRequests.Prepared p = parts.requests.prepare(signed(), Credential.empty()).join();
            assertThat(p.wbiGeneration()).isEqualTo(parts.wbiKeys.get(java.util.Map::of).generation());
            assertThat(p.buvidGeneration()).isEqualTo(parts.buvid.get().generation());
            assertThat(p.webIdGeneration()).isEqualTo(-1);
            BiliApiRequest r = p.request();
            assertThat(r.url()).startsWith(env.server.httpBaseUrl() + "/x/space/wbi/acc/info");
            assertThat(r.params()).containsKeys("mid", "web_location", "wts", "w_rid");
            assertThat(r.cookies()).containsEntry("buvid3", parts.buvid.known().buvid3());
            assertThat(r.headers()).containsEntry("Referer", ApiRequests.REFERER);

            ApiRequests.Prepared plain = parts.requests.prepare(Api.get(ContextParts.api("/x/web-interface/nav"))
                    .build(), Credential.empty()).join();
            assertThat(plain.wbiGeneration()).isEqualTo(-1);
            assertThat(plain.request().params()).doesNotContainKey("w_rid");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aForeignHostGetsNoCookiesNoRefererAndCausesNoBuvidFetch(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            ContextParts parts = new ContextParts(env);
            ApiRequests.Prepared p = parts.requests.prepare(Api.get(env.server.httpBaseUrl() + "/test/json").build(),
                    FakeEnv.ACCOUNT).join();
            assertThat(p.request().cookies()).isEmpty();
            assertThat(p.request().headers()).doesNotContainKey("Referer");
            assertThat(p.buvidGeneration()).isEqualTo(-1);
            assertThat(env.state.spiRequests()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void withEveryValueCachedTheRequestIsBuiltOnTheCallingThread(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            ContextParts parts = new ContextParts(env, s -> s.enableBiliTicket(true), Credential.empty(),
                    RequestPacing.none());
            parts.requests.prepare(signed(), Credential.empty()).join();
            CompletableFuture<ApiRequests.Prepared> again = parts.requests.prepare(signed(), Credential.empty());
            assertThat(again).isDone();
            assertThat(again.join().request().cookies()).containsKeys("buvid3", "bili_ticket");
            assertThat(env.state.ticketRequests()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void callsOfOneAccountShareTheirCookiesAndAnotherAccountNeverGetsThem(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            ContextParts parts = new ContextParts(env);
            BiliApiRequest first = parts.requests.prepare(signed(), FakeEnv.ACCOUNT).join().request();
            BiliApiRequest second = parts.requests.prepare(signed(), FakeEnv.ACCOUNT).join().request();
            assertThat(second.cookies()).isSameAs(first.cookies())
                    .containsEntry("SESSDATA", FakeEnv.ACCOUNT.cookies().get("SESSDATA"))
                    .containsEntry("buvid3", parts.buvid.known().buvid3());

            // an equal credential built again shares them too; another account, or none, gets its own
            Credential copy = Credential.fromCookies(FakeEnv.ACCOUNT.cookies());
            assertThat(parts.requests.prepare(signed(), copy).join().request().cookies()).isSameAs(first.cookies());
            Credential other = Credential.builder().sessdata("other-sessdata").biliJct("other-jct").build();
            BiliApiRequest otherRequest = parts.requests.prepare(signed(), other).join().request();
            assertThat(otherRequest.cookies()).containsEntry("SESSDATA", "other-sessdata")
                    .doesNotContainEntry("SESSDATA", FakeEnv.ACCOUNT.cookies().get("SESSDATA"))
                    .doesNotContainKey("DedeUserID");
            BiliApiRequest anonymous = parts.requests.prepare(signed(), Credential.empty()).join().request();
            assertThat(anonymous.cookies()).doesNotContainKeys("SESSDATA", "bili_jct")
                    .containsEntry("buvid3", parts.buvid.known().buvid3());

            // a new buvid pair replaces the shared one on the next call
            String oldBuvid = parts.buvid.known().buvid3();
            parts.buvid.clear();
            BiliApiRequest renewed = parts.requests.prepare(signed(), FakeEnv.ACCOUNT).join().request();
            assertThat(renewed.cookies().get("buvid3")).isEqualTo(parts.buvid.known().buvid3()).isNotEqualTo(oldBuvid);
        }
    }
}
