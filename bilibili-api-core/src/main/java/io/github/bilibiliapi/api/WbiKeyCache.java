package io.github.bilibiliapi.api;

import io.github.bilibiliapi.client.BiliApiRequest;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The WBI keys of a context: read from {@code nav} on first use, kept for {@link RequestSettings#wbiKeyTtl()}, one
 * fetch at a time for all callers, dropped per generation when bilibili rejects a signature, and replaced by the keys
 * a bili_ticket answer carries.
 */
final class WbiKeyCache {

    static final String NAV_URL = "https://api.bilibili.com/x/web-interface/nav";

    /** Fresh WBI keys. */
    record WbiKeys(String imgKey, String subKey, String mixinKey, java.time.Instant fetchedAt) {
    }

    private final SingleFlight<WbiKeys> keys = new SingleFlight<>();
    private final RequestSettings settings;
    private final Clock clock;
    private final Exchange exchange;
    private final ContextEvents events;

    WbiKeyCache(RequestSettings settings, Clock clock, Exchange exchange, ContextEvents events) {
        this.settings = settings;
        this.clock = clock;
        this.exchange = exchange;
        this.events = events;
    }

    /**
     * @param cookies the cookies of the call that needs the keys, asked for only when nav must be read (with them,
     *                bili_ticket left out)
     * @return the keys' slot: fresh cached keys, or the one fetch in flight; its generation names them for
     *         {@link #invalidate}
     */
    SingleFlight.Slot<WbiKeys> get(Supplier<Map<String, String>> cookies) {
        return keys.get(() -> fetch(cookies.get()), fresh);
    }

    /** Drops the keys of {@code generation} (rejected by bilibili), unless newer ones replaced them already. */
    void invalidate(long generation) {
        keys.invalidate(generation);
    }

    /** Drops the keys; the next signed request reads nav again. */
    void clear() {
        keys.clear();
    }

    /**
     * Uses keys learnt elsewhere.
     *
     * @param imgUrl the {@code img} key's URL (or file name)
     * @param subUrl the {@code sub} key's URL (or file name)
     * @throws ResponseParseException when either names no file
     */
    void learn(String imgUrl, String subUrl) {
        keys.put(keys(imgUrl, subUrl));
    }

    /** {@link #isFresh}, one object for every call. */
    private final Predicate<WbiKeys> fresh = this::isFresh;

    private boolean isFresh(WbiKeys k) {
        // epoch milliseconds: no Instant per signed call
        return clock.millis() - k.fetchedAt().toEpochMilli() < settings.wbiKeyTtl().toMillis();
    }

    private CompletableFuture<WbiKeys> fetch(Map<String, String> cookies) {
        BiliApiRequest.Builder b = BiliApiRequest.get(settings.hostRedirect().apply(NAV_URL))
                .header("User-Agent", settings.userAgent()).header("Referer", ApiRequests.REFERER);
        cookies.forEach((k, v) -> {
            if (!k.equals("bili_ticket") && !k.equals("bili_ticket_expires")) {
                b.cookie(k, v);
            }
        });
        return exchange.json(b.build(), null, false).thenApply(answer -> {
            // a logged-out nav answers -101 and still carries the keys
            JsonNode img = answer.root().path("data").path("wbi_img");
            String imgUrl = Json.text(img, "img_url");
            String subUrl = Json.text(img, "sub_url");
            if (imgUrl == null || subUrl == null) {
                ResponseParser.check(answer.root(), answer.requireCode());
                throw new ResponseParseException("nav answer has no data.wbi_img.img_url/sub_url");
            }
            WbiKeys fetched = keys(imgUrl, subUrl);
            events.emit(BiliEventType.ANTI_SPIDER, "WBI key fetched", Map.of("source", "nav"));
            return fetched;
        });
    }

    private WbiKeys keys(String imgUrl, String subUrl) {
        String img = WbiSigner.keyFromUrl(imgUrl);
        String sub = WbiSigner.keyFromUrl(subUrl);
        if (img.isEmpty() || sub.isEmpty()) {
            throw new ResponseParseException("WBI key URLs have no file name");
        }
        return new WbiKeys(img, sub, WbiSigner.mixinKey(img, sub), clock.instant());
    }
}
