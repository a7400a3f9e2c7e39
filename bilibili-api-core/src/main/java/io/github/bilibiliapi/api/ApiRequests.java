package io.github.bilibiliapi.api;

import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.internal.BoundedMemo;
import io.github.bilibiliapi.client.internal.FrozenMap;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The prepare step: turns an {@link Api} and a credential into the {@link BiliApiRequest} to send — cookies (the
 * credential's, an activated buvid, the bili_ticket; only for bilibili and redirected hosts), {@code w_webid},
 * {@code dm_*}, the WBI signature, csrf, User-Agent, Referer, the body, host redirection. Asynchronous only when a
 * cached value must be fetched first; otherwise the request is built on the calling thread.
 */
final class ApiRequests {

    static final String REFERER = "https://www.bilibili.com";
    static final String SPACE_URL = "https://space.bilibili.com/";
    /** The {@code web_location} of WBI requests that name none (the value bilibili's own pages send). */
    static final String DEFAULT_WEB_LOCATION = "1550101";
    private static final String DM_LETTERS = "ABCDEFGHIJK";

    /**
     * A request ready to send and the generations of the cached values it used (-1 = none), so that a rejection
     * drops exactly those.
     */
    record Prepared(BiliApiRequest request, long wbiGeneration, long buvidGeneration, long webIdGeneration) {
    }

    private final RequestSettings settings;
    private final Clock clock;
    private final Exchange exchange;
    private final ContextEvents events;
    private final WbiKeyCache wbiKeys;
    private final BuvidActivation buvid;
    private final BiliTicketCache tickets;
    private final WebIdCache webIds;
    /** Per URL as an {@link Api} names it: where it goes and whether cookies may; at most {@link #TARGETS_MAX}. */
    private final BoundedMemo<Target> targets = new BoundedMemo<>(1024);
    /** The headers of an {@link Api} that sets none, without and with the Referer. */
    private final Map<String, String> defaultHeaders;
    private final Map<String, String> defaultHeadersWithReferer;

    /** Where an Api's URL is sent after host redirection, and whether credential cookies may go there. */
    private record Target(String url, boolean cookiesAllowed) {
    }

    ApiRequests(RequestSettings settings, Clock clock, Exchange exchange, ContextEvents events, WbiKeyCache wbiKeys,
            BuvidActivation buvid, BiliTicketCache tickets) {
        this.settings = settings;
        this.clock = clock;
        this.exchange = exchange;
        this.events = events;
        this.wbiKeys = wbiKeys;
        this.buvid = buvid;
        this.tickets = tickets;
        this.webIds = new WebIdCache(clock);
        this.defaultHeaders = FrozenMap.copyOf(Map.of("User-Agent", settings.userAgent()), "headers");
        LinkedHashMap<String, String> withReferer = new LinkedHashMap<>();
        withReferer.put("User-Agent", settings.userAgent());
        withReferer.put("Referer", REFERER);
        this.defaultHeadersWithReferer = FrozenMap.copyOf(withReferer, "headers");
    }

    /** A call being prepared: what the steps have gathered so far. Confined to one call. */
    private static final class Draft {
        final Api api;
        final Credential cred;
        final boolean cookiesAllowed;
        final String url;
        BuvidActivation.Buvid buvid;
        BiliTicketCache.Ticket ticket;
        String webId;
        WbiKeyCache.WbiKeys keys;
        long buvidGeneration = -1;
        long webIdGeneration = -1;
        long wbiGeneration = -1;

        Draft(Api api, Credential cred, Target target) {
            this.api = api;
            this.cred = cred;
            this.url = target.url();
            this.cookiesAllowed = target.cookiesAllowed();
        }
    }

    /**
     * The cookies of the last call prepared: the usual application runs every call with one credential, one activated
     * buvid and one bili_ticket, so their frozen map (checked once, its {@code Cookie} header built once) is shared by
     * all calls until one of the three changes.
     */
    private volatile CookieSet lastCookies;

    private record CookieSet(Credential cred, BuvidActivation.Buvid buvid, BiliTicketCache.Ticket ticket,
            Map<String, String> cookies) {

        boolean of(Credential c, BuvidActivation.Buvid b, BiliTicketCache.Ticket t) {
            return buvid == b && ticket == t && (cred == c || cred.equals(c));
        }
    }

    /**
     * The steps of {@link #prepare}, in order: each applies a cached value to the draft and returns null, or returns
     * the fetch to wait for.
     */
    private final List<Function<Draft, CompletableFuture<?>>> steps = List.of(this::withBuvid, this::withTicket,
            this::withWebId, this::withWbiKeys);

    /**
     * @param api  the call
     * @param cred the credential it runs with
     * @return the request and the generations it used; fails when a value it needs cannot be fetched
     */
    CompletableFuture<Prepared> prepare(Api api, Credential cred) {
        return from(new Draft(api, cred, target(api.url())), 0);
    }

    /**
     * Runs the steps from {@code first} on: a step whose value is cached applies it at once, so the usual call builds
     * its request on the calling thread with no completion stage; a step that must fetch continues when the fetch
     * completes.
     */
    private CompletableFuture<Prepared> from(Draft d, int first) {
        try {
            for (int step = first; step < steps.size(); step++) {
                CompletableFuture<?> pending = steps.get(step).apply(d);
                if (pending != null) {
                    int next = step + 1;
                    return pending.thenCompose(v -> from(d, next));
                }
            }
            return CompletableFuture.completedFuture(new Prepared(build(d), d.wbiGeneration, d.buvidGeneration,
                    d.webIdGeneration));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** An endpoint URL is usually a constant: redirected and checked once, not on every call. */
    private Target target(String url) {
        return targets.get(url, u -> new Target(settings.hostRedirect().apply(u), mayReceiveCookies(u)));
    }

    /** Forgets the w_webid of {@code mid} if it is still the one of {@code generation} (answered -352). */
    void webIdRejected(long mid, long generation) {
        webIds.invalidate(mid, generation);
    }

    private CompletableFuture<?> withBuvid(Draft d) {
        if (!d.cookiesAllowed || d.cred.hasBuvid3() || !settings.enableAutoBuvid()) {
            return null;
        }
        SingleFlight.Slot<BuvidActivation.Buvid> slot = buvid.get();
        d.buvidGeneration = slot.generation();
        return Futures.accept(slot.future(), pair -> d.buvid = pair);
    }

    private CompletableFuture<?> withTicket(Draft d) {
        if (!d.cookiesAllowed || !settings.enableBiliTicket()) {
            return null;
        }
        return Futures.accept(tickets.get(() -> cookieMap(d), d.cred), t -> d.ticket = t);
    }

    private CompletableFuture<?> withWebId(Draft d) {
        if (d.api.wWebid() <= 0) {
            return null;
        }
        SingleFlight.Slot<WebIdCache.WebId> slot = webIds.get(d.api.wWebid(), mid -> spacePage(mid, cookieMap(d)));
        d.webIdGeneration = slot.generation();
        return Futures.accept(slot.future(), webId -> d.webId = webId.value());
    }

    private CompletableFuture<?> withWbiKeys(Draft d) {
        if (!d.api.wbi()) {
            return null;
        }
        SingleFlight.Slot<WbiKeyCache.WbiKeys> slot = wbiKeys.get(() -> cookieMap(d));
        d.wbiGeneration = slot.generation();
        return Futures.accept(slot.future(), keys -> d.keys = keys);
    }

    /** The cookies gathered so far, as a map for a fetch to send (built per fetch; fetches are rare). */
    private static Map<String, String> cookieMap(Draft d) {
        if (!d.cookiesAllowed) {
            return Map.of();
        }
        LinkedHashMap<String, String> cookies = d.cred.cookieMap();
        if (d.buvid != null) {
            cookies.put("buvid3", d.buvid.buvid3());
            cookies.putIfAbsent("buvid4", d.buvid.buvid4());
        }
        if (d.ticket != null) {
            cookies.put("bili_ticket", d.ticket.ticket());
            cookies.put("bili_ticket_expires", Long.toString(d.ticket.expiresEpochSecond()));
        }
        return cookies;
    }

    /** The cookies the request sends: the last call's frozen map when credential, buvid and ticket are the same. */
    private Map<String, String> cookies(Draft d) {
        if (!d.cookiesAllowed) {
            return Map.of();
        }
        CookieSet last = lastCookies;
        if (last != null && last.of(d.cred, d.buvid, d.ticket)) {
            return last.cookies();
        }
        Map<String, String> frozen = FrozenMap.copyOf(cookieMap(d), "cookies");
        lastCookies = new CookieSet(d.cred, d.buvid, d.ticket, frozen);
        return frozen;
    }

    /** The space page whose __RENDER_DATA__ holds the mid's w_webid (HTML, so not through the JSON exchange). */
    private CompletableFuture<BiliApiResponse> spacePage(long mid, Map<String, String> cookies) {
        BiliApiRequest.Builder b = BiliApiRequest.get(settings.hostRedirect().apply(SPACE_URL + mid + "/dynamic"))
                .header("User-Agent", settings.userAgent()).header("Referer", REFERER);
        cookies.forEach(b::cookie);
        events.emit(BiliEventType.ANTI_SPIDER, "w_webid fetched", Map.of("mid", mid));
        return Futures.unwrapped(exchange.raw(b.build()));
    }

    private BiliApiRequest build(Draft d) {
        Api api = d.api;
        WbiKeyCache.WbiKeys keys = d.keys;
        LinkedHashMap<String, String> params = Api.stringify(api.params());
        // most calls are GETs without a body: no map for it
        LinkedHashMap<String, String> data = api.data().isEmpty() && !api.needsCsrf() ? null
                : Api.stringify(api.data());
        if (d.webId != null) {
            params.put("w_webid", d.webId);
        }
        if ("jsonp".equals(params.get("jsonp"))) {
            params.put("callback", "callback");
        }
        if (api.dm()) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            params.put("dm_img_list", "[]");
            params.put("dm_img_str", twoLetters(r));
            params.put("dm_cover_img_str", twoLetters(r));
            params.put("dm_img_inter", "{\"ds\":[],\"wh\":[0,0,0],\"of\":[0,0,0]}");
        }
        Map<String, String> query = params;
        if (keys != null) {
            params.putIfAbsent("web_location", DEFAULT_WEB_LOCATION);
            query = WbiSigner.sign(params, keys.mixinKey(), Math.floorDiv(clock.millis(), 1000L));
        }
        if (api.needsCsrf()) {
            data.put("csrf", d.cred.biliJct());
            data.put("csrf_token", d.cred.biliJct());
        }
        Map<String, String> headers;
        if (api.headers().isEmpty() && !api.jsonBody()) {
            headers = d.cookiesAllowed ? defaultHeadersWithReferer : defaultHeaders; // the usual call: shared
        } else {
            LinkedHashMap<String, String> h = new LinkedHashMap<>(api.headers());
            if (!hasHeader(api.headers(), "User-Agent")) {
                h.put("User-Agent", settings.userAgent());
            }
            if (!hasHeader(api.headers(), "Referer") && d.cookiesAllowed) {
                h.put("Referer", REFERER);
            }
            if (api.jsonBody()) {
                h.put("Content-Type", "application/json");
            }
            headers = h;
        }
        BiliApiRequest.Body body;
        if (api.jsonBody()) {
            body = new BiliApiRequest.Body.Text(Json.MAPPER.writeValueAsString(jsonBody(api,
                    data == null ? Map.of() : data)));
        } else {
            body = data == null || data.isEmpty() ? BiliApiRequest.Body.NONE : new BiliApiRequest.Body.Form(data);
        }
        // the constructor, not the builder: each map is copied once (the signed query and the cookies not at all)
        return new BiliApiRequest(api.method(), d.url, query, body, api.files(), headers, cookies(d), false);
    }

    /** A JSON body keeps the value types; booleans become 1/0, nulls go. */
    private static ObjectNode jsonBody(Api api, Map<String, String> converted) {
        ObjectNode node = Json.object();
        api.data().forEach((k, v) -> {
            if (v instanceof Boolean bool) {
                node.put(k, bool ? 1 : 0);
            } else if (v instanceof Number || v instanceof JsonNode || v instanceof Map<?, ?>
                    || v instanceof java.util.Collection<?>) {
                node.set(k, Json.MAPPER.valueToTree(v));
            } else if (v != null) {
                node.put(k, converted.get(k));
            }
        });
        converted.forEach((k, v) -> {
            if (!node.has(k)) {
                node.put(k, v); // csrf, csrf_token
            }
        });
        return node;
    }

    private static String twoLetters(ThreadLocalRandom r) {
        int a = r.nextInt(DM_LETTERS.length());
        int c = r.nextInt(DM_LETTERS.length() - 1);
        if (c >= a) {
            c++; // two different letters
        }
        return "" + DM_LETTERS.charAt(a) + DM_LETTERS.charAt(c);
    }

    static boolean hasHeader(Map<String, String> headers, String name) {
        for (String h : headers.keySet()) {
            if (h.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** @see BiliContext#mayReceiveCookies(String) */
    boolean mayReceiveCookies(String url) {
        String host = HostRedirect.hostOf(url);
        if (host == null) {
            return false;
        }
        return isBilibiliHost(host) || settings.hostRedirect().matches(host);
    }

    static boolean isBilibiliHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("bilibili.com") || h.endsWith(".bilibili.com") || h.equals("hdslb.com")
                || h.endsWith(".hdslb.com");
    }
}
