package io.github.bilibiliapi.api;

import io.github.bilibiliapi.client.BiliApiRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;

/**
 * The buvid3/buvid4 pair a context sends when the credential has no buvid3: obtained from {@code finger/spi},
 * activated with {@code ExClimbWuzhi} (a browser fingerprint payload) before first use, one activation at a time for
 * all callers, kept until bilibili rejects it (-352, dropped per generation) or {@link #clear()}.
 */
final class BuvidActivation {

    static final String SPI_URL = "https://api.bilibili.com/x/frontend/finger/spi";
    static final String ACTIVATE_URL = "https://api.bilibili.com/x/internal/gaia-gateway/ExClimbWuzhi";

    /** An activated buvid pair. */
    record Buvid(String buvid3, String buvid4) {
    }

    private final SingleFlight<Buvid> buvid = new SingleFlight<>();
    private final RequestSettings settings;
    private final Clock clock;
    private final Exchange exchange;
    private final ContextEvents events;

    BuvidActivation(RequestSettings settings, Clock clock, Exchange exchange, ContextEvents events) {
        this.settings = settings;
        this.clock = clock;
        this.exchange = exchange;
        this.events = events;
    }

    /**
     * @return the activated pair's slot (obtaining and activating one on first use); its generation names the pair
     *         for {@link #invalidate}; a failure is a {@link BuvidActivationException} and is not cached
     */
    SingleFlight.Slot<Buvid> get() {
        return buvid.get(this::obtainAndActivate, b -> true);
    }

    /** @see BiliContext#buvid3() */
    CompletableFuture<String> buvid3(Credential credential) {
        if (credential.hasBuvid3()) {
            return CompletableFuture.completedFuture(credential.buvid3());
        }
        if (!settings.enableAutoBuvid()) {
            return CompletableFuture.completedFuture("");
        }
        return Futures.unwrapped(get().future().thenApply(Buvid::buvid3));
    }

    /** @return the activated pair, when one is known now; null otherwise (nothing is fetched) */
    Buvid known() {
        return buvid.peek();
    }

    /** Forgets the pair of {@code generation} (rejected by bilibili), unless a newer one replaced it already. */
    void invalidate(long generation) {
        buvid.invalidate(generation);
    }

    /** Forgets the pair; the next request obtains and activates a new one. */
    void clear() {
        buvid.clear();
    }

    private CompletableFuture<Buvid> obtainAndActivate() {
        BiliApiRequest spi = BiliApiRequest.get(settings.hostRedirect().apply(SPI_URL))
                .header("User-Agent", settings.userAgent()).header("Referer", ApiRequests.REFERER).build();
        return exchange.json(spi, null, false).handle((answer, error) -> {
            if (error != null) {
                Throwable cause = Futures.unwrap(error);
                throw new BuvidActivationException(reasonFirst(cause, "while obtaining buvid3/buvid4 from finger/spi"),
                        cause);
            }
            JsonNode data = answer.root().path("data");
            String b3 = Json.text(data, "b_3");
            String b4 = Json.text(data, "b_4");
            if (answer.code() == null || answer.code() != 0 || b3 == null || b4 == null) {
                throw new BuvidActivationException("finger/spi answered code " + answer.code()
                        + " without data.b_3/b_4", null);
            }
            return new Buvid(b3, b4);
        }).thenCompose(this::activate);
    }

    private CompletableFuture<Buvid> activate(Buvid pair) {
        long now = clock.millis();
        String uuid = BuvidPayload.uuidInfoc(now, ThreadLocalRandom.current());
        String body = BuvidPayload.body(uuid, now, settings.userAgent());
        String fp = Murmur3.buvidFp(body.getBytes(StandardCharsets.UTF_8));
        BiliApiRequest activate = BiliApiRequest.post(settings.hostRedirect().apply(ACTIVATE_URL))
                .header("User-Agent", settings.userAgent()).header("Referer", ApiRequests.REFERER)
                .header("Content-Type", "application/json").body(body).cookie("buvid3", pair.buvid3())
                .cookie("buvid4", pair.buvid4()).cookie("_uuid", uuid).cookie("buvid_fp", fp).build();
        return exchange.json(activate, null, false).handle((answer, error) -> {
            if (error != null) {
                Throwable cause = Futures.unwrap(error);
                throw new BuvidActivationException(reasonFirst(cause, "while activating buvid3 (ExClimbWuzhi)"),
                        cause);
            }
            int code = answer.requireCode();
            if (code != 0) {
                throw new BuvidActivationException("Activating buvid3 (ExClimbWuzhi) answered code " + code + ": "
                        + ResponseParser.message(answer.root()),
                        ResponseCodeException.of(code, ResponseParser.message(answer.root()), answer.root()));
            }
            events.emit(BiliEventType.ANTI_SPIDER, "buvid activated", Map.of("buvid3", Secrets.MASK));
            return pair;
        });
    }

    /** The cause's own message first (what the user must fix), then what the library was doing. */
    private static String reasonFirst(Throwable cause, String doing) {
        String reason = cause.getMessage() == null || cause.getMessage().isBlank()
                ? cause.getClass().getSimpleName() + ": " + cause.getMessage() : cause.getMessage();
        return reason + " (" + doing + ")";
    }
}
