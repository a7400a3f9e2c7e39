package io.github.bilibiliapi.api;

import io.github.bilibiliapi.client.BiliApiRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The bili_ticket of a context: obtained from {@code GenWebTicket} (signed with {@link BiliTicketSigner}) on first
 * use, refreshed an hour (at most a tenth of its lifetime) before it expires, one fetch at a time for all callers. The
 * WBI keys the answer carries go to the {@link WbiKeyCache}.
 */
final class BiliTicketCache {

    static final String TICKET_URL = "https://api.bilibili.com/bapis/bilibili.api.ticket.v1.Ticket/GenWebTicket";
    private static final Duration REFRESH_MARGIN = Duration.ofHours(1);

    /** A bili_ticket and when to refresh it. */
    record Ticket(String ticket, long expiresEpochSecond, Instant refreshAt) {
    }

    private final SingleFlight<Ticket> ticket = new SingleFlight<>();
    private final RequestSettings settings;
    private final Clock clock;
    private final Exchange exchange;
    private final ContextEvents events;
    private final WbiKeyCache wbiKeys;

    BiliTicketCache(RequestSettings settings, Clock clock, Exchange exchange, ContextEvents events,
            WbiKeyCache wbiKeys) {
        this.settings = settings;
        this.clock = clock;
        this.exchange = exchange;
        this.events = events;
        this.wbiKeys = wbiKeys;
    }

    /**
     * @param cookies the cookies of the call that needs the ticket, asked for only when GenWebTicket must be
     *                requested (with them)
     * @param cred    the call's credential (masked out of error excerpts)
     * @return a ticket not yet due for refresh, or the one fetch in flight
     */
    CompletableFuture<Ticket> get(Supplier<Map<String, String>> cookies, Credential cred) {
        return ticket.get(() -> fetch(cookies.get(), cred), t -> clock.millis() < t.refreshAt().toEpochMilli())
                .future();
    }

    /** Forgets the ticket; the next request obtains a new one. */
    void clear() {
        ticket.clear();
    }

    private CompletableFuture<Ticket> fetch(Map<String, String> cookies, Credential cred) {
        long ts = clock.instant().getEpochSecond();
        BiliApiRequest.Builder b = BiliApiRequest.post(settings.hostRedirect().apply(TICKET_URL))
                .param("key_id", BiliTicketSigner.KEY_ID).param("hexsign", BiliTicketSigner.hexsign(ts))
                .param("context[ts]", Long.toString(ts))
                // bilibili accepts the csrf field empty, and a secret in a URL ends up in HTTP libraries' DEBUG logs
                // and proxies' access logs: bili_jct is never sent here
                .param("csrf", "")
                .header("User-Agent", settings.userAgent()).header("Referer", ApiRequests.REFERER);
        cookies.forEach(b::cookie);
        return exchange.json(b.build(), cred, false).thenApply(answer -> {
            ResponseParser.check(answer.root(), answer.requireCode());
            JsonNode data = answer.root().path("data");
            String value = Json.text(data, "ticket");
            Long created = Json.longValue(data, "created_at");
            Long ttl = Json.longValue(data, "ttl");
            if (value == null || created == null || ttl == null || ttl <= 0) {
                throw new ResponseParseException("GenWebTicket answer lacks data.ticket/created_at/ttl");
            }
            long expires = created + ttl;
            Duration margin = Duration.ofSeconds(Math.min(REFRESH_MARGIN.toSeconds(), ttl / 10));
            Ticket t = new Ticket(value, expires, Instant.ofEpochSecond(expires).minus(margin));
            String img = Json.text(data.path("nav"), "img");
            String sub = Json.text(data.path("nav"), "sub");
            if (img != null && sub != null) {
                wbiKeys.learn(img, sub);
                events.emit(BiliEventType.ANTI_SPIDER, "WBI key fetched", Map.of("source", "GenWebTicket"));
            }
            events.emit(BiliEventType.ANTI_SPIDER, "bili_ticket refreshed", Map.of("expires", expires));
            return t;
        });
    }
}
