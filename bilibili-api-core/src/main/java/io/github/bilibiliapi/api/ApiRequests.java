package io.github.bilibiliapi.api;

import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.internal.FrozenMap;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
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
        final Map<String, String> cookies;
        long buvidGeneration = -1;
        long webIdGeneration = -1;
        String webId;

        final String url;

        Draft(Api api, Credential cred, Target target) {
            this.api = api;
            this.cred = cred;
            this.url = target.url();
            this.cookiesAllowed = target.cookiesAllowed();
            this.cookies = cookiesAllowed ? cred.cookieMap() : new LinkedHashMap<>();
        }
    }

    /**
     * @param api  the call
     * @param cred the credential it runs with
     * @return the request and the generations it used; fails when a value it needs cannot be fetched
     */
    CompletableFuture<Prepared> prepare(Api api, Credential cred) {
        Draft draft = new Draft(api, cred, target(api.url()));
        return Futures.then(Futures.then(Futures.then(withBuvid(draft), this::withTicket), this::withWebId),
                this::signed);
    }

    /** An endpoint URL is usually a constant: redirected and checked once, not on every call. */
    private Target target(String url) {
        return targets.get(url, u -> new Target(settings.hostRedirect().apply(u), mayReceiveCookies(u)));
    }

    /** Forgets the w_webid of {@code mid} if it is still the one of {@code generation} (answered -352). */
    void webIdRejected(long mid, long generation) {
        webIds.invalidate(mid, generation);
    }

    private CompletableFuture<Draft> withBuvid(Draft d) {
        if (!d.cookiesAllowed || d.cred.hasBuvid3() || !settings.enableAutoBuvid()) {
            return CompletableFuture.completedFuture(d);
        }
        SingleFlight.Slot<BuvidActivation.Buvid> slot = buvid.get();
        d.buvidGeneration = slot.generation();
        return Futures.map(slot.future(), pair -> {
            d.cookies.put("buvid3", pair.buvid3());
            d.cookies.putIfAbsent("buvid4", pair.buvid4());
            return d;
        });
    }

    private CompletableFuture<Draft> withTicket(Draft d) {
        if (!d.cookiesAllowed || !settings.enableBiliTicket()) {
            return CompletableFuture.completedFuture(d);
        }
        return Futures.map(tickets.get(d.cookies, d.cred), t -> {
            d.cookies.put("bili_ticket", t.ticket());
            d.cookies.put("bili_ticket_expires", Long.toString(t.expiresEpochSecond()));
            return d;
        });
    }

    private CompletableFuture<Draft> withWebId(Draft d) {
        if (d.api.wWebid() <= 0) {
            return CompletableFuture.completedFuture(d);
        }
        SingleFlight.Slot<WebIdCache.WebId> slot = webIds.get(d.api.wWebid(), mid -> spacePage(mid, d.cookies));
        d.webIdGeneration = slot.generation();
        return Futures.map(slot.future(), webId -> {
            d.webId = webId.value();
            return d;
        });
    }

    private CompletableFuture<Prepared> signed(Draft d) {
        if (!d.api.wbi()) {
            return CompletableFuture.completedFuture(new Prepared(build(d, null), -1, d.buvidGeneration,
                    d.webIdGeneration));
        }
        SingleFlight.Slot<WbiKeyCache.WbiKeys> slot = wbiKeys.get(d.cookies);
        return Futures.map(slot.future(), keys -> new Prepared(build(d, keys), slot.generation(),
                d.buvidGeneration, d.webIdGeneration));
    }

    /** The space page whose __RENDER_DATA__ holds the mid's w_webid (HTML, so not through the JSON exchange). */
    private CompletableFuture<BiliApiResponse> spacePage(long mid, Map<String, String> cookies) {
        BiliApiRequest.Builder b = BiliApiRequest.get(settings.hostRedirect().apply(SPACE_URL + mid + "/dynamic"))
                .header("User-Agent", settings.userAgent()).header("Referer", REFERER);
        cookies.forEach(b::cookie);
        events.emit(BiliEventType.ANTI_SPIDER, "w_webid fetched", Map.of("mid", mid));
        return Futures.unwrapped(exchange.raw(b.build()));
    }

    private BiliApiRequest build(Draft d, WbiKeyCache.WbiKeys keys) {
        Api api = d.api;
        LinkedHashMap<String, String> params = Api.stringify(api.params());
        LinkedHashMap<String, String> data = Api.stringify(api.data());
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
            body = new BiliApiRequest.Body.Text(Json.MAPPER.writeValueAsString(jsonBody(api, data)));
        } else {
            body = data.isEmpty() ? BiliApiRequest.Body.NONE : new BiliApiRequest.Body.Form(data);
        }
        // the constructor, not the builder: each map is copied once (the signed query not at all)
        return new BiliApiRequest(api.method(), d.url, query, body, api.files(), headers, d.cookies, false);
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
