package io.github.bilibiliapi.api;

import io.github.bilibiliapi.client.BiliApiResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The {@code w_webid} of users' space pages, per mid: the {@code access_id} of the page's {@code __RENDER_DATA__}
 * (a JWT), cached until its own {@code iat + ttl} (or {@link #DEFAULT_TTL} when it says none), fetched once per mid
 * at a time, and forgotten when bilibili answers -352 to a request that carried it.
 */
final class WebIdCache {

    /** How long an {@code access_id} whose JWT names no lifetime is trusted. */
    static final Duration DEFAULT_TTL = Duration.ofHours(1);
    /** More mids than this and the oldest entries are dropped (a crawler over many users must not grow the heap). */
    static final int MAX_ENTRIES = 4096;

    private static final Pattern RENDER_DATA =
            Pattern.compile("<script id=\"__RENDER_DATA__\" type=\"application/json\">(.*?)</script>", Pattern.DOTALL);

    record WebId(String value, Instant expiresAt) {
    }

    private final Map<Long, SingleFlight<WebId>> byMid = new ConcurrentHashMap<>();
    private final Clock clock;

    WebIdCache(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param mid   the space's user
     * @param fetch fetches the space page of a mid
     * @return the slot of the mid's w_webid (its generation identifies it for {@link #invalidate})
     */
    SingleFlight.Slot<WebId> get(long mid, LongFunction<CompletableFuture<BiliApiResponse>> fetch) {
        if (byMid.size() >= MAX_ENTRIES && !byMid.containsKey(mid)) {
            byMid.clear();
        }
        SingleFlight<WebId> flight = byMid.computeIfAbsent(mid, m -> new SingleFlight<>());
        return flight.get(() -> fetch.apply(mid).thenApply(this::parse),
                w -> clock.instant().isBefore(w.expiresAt()));
    }

    /** Forgets the w_webid of {@code mid} if it is still the one of {@code generation}. */
    void invalidate(long mid, long generation) {
        SingleFlight<WebId> flight = byMid.get(mid);
        if (flight != null) {
            flight.invalidate(generation);
        }
    }

    void clear() {
        byMid.clear();
    }

    WebId parse(BiliApiResponse response) {
        if (response.code() / 100 != 2) {
            throw new ResponseParseException("space page answered HTTP " + response.code() + " (needed for w_webid)");
        }
        String html = new String(response.raw(), StandardCharsets.UTF_8);
        Matcher m = RENDER_DATA.matcher(html);
        if (!m.find()) {
            throw new ResponseParseException("space page has no __RENDER_DATA__ script (needed for w_webid)");
        }
        String content = m.group(1).strip();
        JsonNode data;
        try {
            data = Json.MAPPER.readTree(content.startsWith("{") ? content
                    : URLDecoder.decode(content, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new ResponseParseException("space page's __RENDER_DATA__ is not JSON (needed for w_webid)");
        }
        String accessId = Json.text(data, "access_id");
        if (accessId == null || accessId.isEmpty()) {
            throw new ResponseParseException("space page's __RENDER_DATA__ has no access_id (needed for w_webid)");
        }
        return new WebId(accessId, expiry(accessId));
    }

    /** {@code iat + ttl} of the JWT's payload (read without verifying: we only need to know when to refresh). */
    private Instant expiry(String jwt) {
        Instant fallback = clock.instant().plus(DEFAULT_TTL);
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return fallback;
        }
        try {
            JsonNode payload = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
            Long iat = Json.longValue(payload, "iat");
            Long ttl = Json.longValue(payload, "ttl");
            if (iat == null || ttl == null || ttl <= 0) {
                return fallback;
            }
            return Instant.ofEpochSecond(iat + ttl);
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
