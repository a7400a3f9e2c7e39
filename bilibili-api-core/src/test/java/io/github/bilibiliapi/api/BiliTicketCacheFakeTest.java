package io.github.bilibiliapi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.test.RecordedRequest;
import io.github.bilibiliapi.test.bilibili.BilibiliErrors;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The bili_ticket cache on its own, on every backend against the fake. */
class BiliTicketCacheFakeTest {

    private static final String TICKET = "/bapis/bilibili.api.ticket.v1.Ticket/GenWebTicket";

    static Stream<Named<Supplier<BiliApiClient>>> backends() {
        return Backends.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aTicketIsFetchedOnceAndRefreshedWithinTheMarginBeforeItExpires(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            env.state.setTicketTtl(Duration.ofHours(3));
            BiliTicketCache tickets = new ContextParts(env).tickets;
            BiliTicketCache.Ticket first = tickets.get(Map::of, Credential.empty()).join();
            assertThat(env.state.isTicketValid(first.ticket())).isTrue();
            assertThat(first.expiresEpochSecond()).isEqualTo(env.clock.instant().plus(Duration.ofHours(3))
                    .getEpochSecond());
            assertThat(tickets.get(Map::of, Credential.empty()).join()).isEqualTo(first);
            // the refresh margin is an hour, at most a tenth of the lifetime: 18 minutes here
            env.clock.advance(Duration.ofHours(2).plusMinutes(40));
            assertThat(tickets.get(Map::of, Credential.empty()).join()).isEqualTo(first);
            assertThat(env.state.ticketRequests()).isEqualTo(1);
            env.clock.advance(Duration.ofMinutes(3));
            assertThat(tickets.get(Map::of, Credential.empty()).join()).isNotEqualTo(first);
            assertThat(env.state.ticketRequests()).isEqualTo(2);
            tickets.clear();
            tickets.get(Map::of, Credential.empty()).join();
            assertThat(env.state.ticketRequests()).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void theAnswersNavKeysFeedTheWbiKeyCache(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            ContextParts parts = new ContextParts(env);
            parts.tickets.get(Map::of, Credential.empty()).join();
            assertThat(parts.wbiKeys.get(Map::of).future().join().imgKey())
                    .isEqualTo(env.state.currentWbiKeys().imgKey());
            assertThat(env.state.navRequests()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void theRequestIsSignedAndCarriesNoCsrfSecret(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            new ContextParts(env).tickets.get(FakeEnv.ACCOUNT::cookies, FakeEnv.ACCOUNT).join();
            RecordedRequest sent = env.server.lastRequest(TICKET);
            assertThat(sent.method()).isEqualTo("POST");
            assertThat(sent.rawQuery()).contains("key_id=ec02").contains("hexsign=").containsPattern("(^|&)csrf=(&|$)")
                    .doesNotContain(FakeEnv.ACCOUNT.biliJct());
            assertThat(sent.cookies()).containsEntry("SESSDATA", FakeEnv.ACCOUNT.sessdata());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aFailedFetchIsNotCached(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            env.server.script(TICKET, BilibiliErrors.fault(-400));
            BiliTicketCache tickets = new ContextParts(env).tickets;
            assertThatThrownBy(() -> tickets.get(Map::of, Credential.empty()).join())
                    .isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(
                            ResponseCodeException.class, e -> assertThat(e.code()).isEqualTo(-400));
            assertThat(env.state.isTicketValid(tickets.get(Map::of, Credential.empty()).join().ticket())).isTrue();
        }
    }
}
