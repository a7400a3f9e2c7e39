package io.github.bilibiliapi.api;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiClients;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.BiliWsMessage;
import io.github.bilibiliapi.client.support.UriEncoding;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Everything an {@link Api} needs to run, with no static state: the client (any backend, or a user's own), the
 * {@link RequestSettings}, the default {@link Credential}, the WBI key / buvid / bili_ticket caches, event listeners,
 * the metrics observer and a clock. Thread-safe; share one per application (or per account).
 *
 * <p>{@link #execute(Api)} runs the reference's three steps: prepare (checks, buvid, bili_ticket, {@code dm_*},
 * WBI signature, csrf, cookies, host redirection) → {@link BiliApiClient#request} → process (status, JSON, code),
 * plus the WBI retry.
 *
 * <p><b>Where a call finds its client.</b> Built with {@link Builder#clients(BiliApiClients)}, every call asks the
 * registry for its current client, so a switch takes effect on the next call (the seed's {@code get_client()} per
 * request); built with {@link Builder#client(BiliApiClient)}, every call uses that client; built with neither, every
 * call asks {@link BiliApiClients#defaultInstance()}. A WebSocket stays on the client that opened it.
 *
 * <p>The context does not own the client: closing the client (or the registry) is the caller's business.
 */
public final class BiliContext {

    /** The observation of an exchange nobody observes. */
    private static final ApiObservation NOT_OBSERVED = outcome -> { };

    private static final Logger LOG = LoggerFactory.getLogger(BiliContext.class);

    static final String NAV_URL = "https://api.bilibili.com/x/web-interface/nav";
    static final String SPI_URL = "https://api.bilibili.com/x/frontend/finger/spi";
    static final String ACTIVATE_URL = "https://api.bilibili.com/x/internal/gaia-gateway/ExClimbWuzhi";
    static final String TICKET_URL = "https://api.bilibili.com/bapis/bilibili.api.ticket.v1.Ticket/GenWebTicket";
    static final String REFERER = "https://www.bilibili.com";
    static final String SPACE_URL = "https://space.bilibili.com/";

    /** The reference adds this {@code web_location} to WBI requests that name none. */
    static final String DEFAULT_WEB_LOCATION = "1550101";
    private static final String DM_LETTERS = "ABCDEFGHIJK";
    private static final Duration TICKET_REFRESH_MARGIN = Duration.ofHours(1);

    /** Fresh WBI keys. */
    record WbiKeys(String imgKey, String subKey, String mixinKey, Instant fetchedAt) {
    }

    /** An activated buvid pair. */
    record Buvid(String buvid3, String buvid4) {
    }

    /** A bili_ticket and when to refresh it. */
    record Ticket(String ticket, long expiresEpochSecond, Instant refreshAt) {
    }

    /** A parsed answer of one exchange; {@code code} is null when the JSON has none. */
    record Answer(BiliApiResponse response, JsonNode root, Integer code, List<JsonNode> notices, String url) {

        /** @return the code; a body without one is an error for bilibili endpoints */
        int requireCode() {
            if (code == null) {
                throw new ResponseParseException(root.isMissingNode() ? "Empty body from " + url
                        : "Answer from " + url + " has no 'code' field");
            }
            return code;
        }
    }

    /** Where each call finds its client: a fixed one, or a registry asked on every call. */
    private final Supplier<BiliApiClient> clients;
    private final String clientDescription;
    private final RequestSettings settings;
    private final CredentialProvider credentials;
    private final List<BiliEventListener> listeners;
    private final ApiObserver observer;
    private final Clock clock;
    private final SingleFlight<WbiKeys> wbiKeys = new SingleFlight<>();
    private final SingleFlight<Buvid> buvid = new SingleFlight<>();
    private final SingleFlight<Ticket> ticket = new SingleFlight<>();
    private final WebIdCache webIds;
    private final RequestPacing pacing;

    private BiliContext(Builder b) {
        if (b.clients != null) {
            this.clients = b.clients;
            this.clientDescription = b.clientDescription;
        } else {
            // the seed's Api asks get_client() on every request: so does a context built without a client
            this.clients = () -> BiliApiClients.defaultInstance().get();
            this.clientDescription = "BiliApiClients.defaultInstance()";
        }
        this.settings = b.settings;
        this.credentials = b.credentials;
        this.listeners = List.copyOf(b.listeners);
        this.observer = b.observer;
        this.clock = b.clock;
        this.webIds = new WebIdCache(b.clock);
        this.pacing = b.pacing;
    }

    /**
     * @return a builder; without {@link Builder#client(BiliApiClient)} or {@link Builder#clients(BiliApiClients)} the
     *         context uses {@link BiliApiClients#defaultInstance()}, asked on every call
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the client the next call goes through: the fixed client, or the registry's current one (a view that
     *         finds the current client on each call)
     */
    public BiliApiClient client() {
        return clients.get();
    }

    /** @return the settings */
    public RequestSettings settings() {
        return settings;
    }

    /** @return the per-host request pacing ({@link RequestPacing#none()} unless set) */
    public RequestPacing pacing() {
        return pacing;
    }

    /**
     * Reads the provider: each call may return a newer credential (after a login or a cookie refresh).
     *
     * @return the default credential now (used when an {@link Api} carries none)
     */
    public Credential credential() {
        Credential c = credentials.credential();
        return c == null ? Credential.empty() : c;
    }

    /** @return where the default credential is read from, per call */
    public CredentialProvider credentialProvider() {
        return credentials;
    }

    /**
     * Applies the host redirection of the settings.
     *
     * @param url an absolute http(s) or ws(s) URL
     * @return where it is actually sent
     */
    public String resolveUrl(String url) {
        return settings.hostRedirect().apply(url);
    }

    /**
     * @param url an absolute URL as the caller wrote it (before redirection)
     * @return whether credential cookies may be sent to it: bilibili hosts ({@code *.bilibili.com},
     *         {@code *.hdslb.com}) and hosts the user redirected
     */
    public boolean mayReceiveCookies(String url) {
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

    // ------------------------------------------------------------------------------------------------ execute

    /**
     * Runs an {@link Api}.
     *
     * @param api the call
     * @return its answer; fails with {@link NetworkException}, {@link ResponseCodeException} (or
     *         {@link RiskControlException}), {@link ResponseParseException}, {@link WbiRetryTimesExceededException},
     *         {@link BuvidActivationException}, or the client's {@link io.github.bilibiliapi.client.BiliClientException}
     * @throws CredentialException when {@code verify} is set without SESSDATA, or csrf is needed without bili_jct —
     *                             thrown before any I/O
     */
    public CompletableFuture<ApiResult> execute(Api api) {
        Objects.requireNonNull(api, "api");
        Credential cred = api.credential() != null ? api.credential() : credential();
        if (api.verify() && !cred.hasSessdata()) {
            throw new CredentialException(api.method() + " " + api.url()
                    + " requires a login, but the credential has no SESSDATA");
        }
        if (api.needsCsrf() && !cred.hasBiliJct()) {
            throw new CredentialException(api.method() + " " + api.url()
                    + " needs csrf, but the credential has no bili_jct (use noCsrf(true) if the endpoint takes none)");
        }
        return unwrapped(attempt(api, cred, 0));
    }

    /**
     * Runs an {@link Api} whose answer is not JSON (protobuf danmaku, XML): prepared exactly like {@link #execute}
     * (cookies, buvid, WBI signature, dm parameters), sent once, and the response returned whatever its status and
     * body; the caller interprets it.
     *
     * @param api the call (GET only: nothing is retried and no csrf is added)
     * @return the raw response
     * @throws CredentialException when {@code verify} is set without SESSDATA (before any I/O)
     * @throws IllegalArgumentException when the method is not GET
     */
    public CompletableFuture<BiliApiResponse> executeRaw(Api api) {
        Objects.requireNonNull(api, "api");
        if (!api.method().equals("GET")) {
            throw new IllegalArgumentException("executeRaw takes GET calls only, got " + api.method());
        }
        Credential cred = api.credential() != null ? api.credential() : credential();
        if (api.verify() && !cred.hasSessdata()) {
            throw new CredentialException(api.method() + " " + api.url()
                    + " requires a login, but the credential has no SESSDATA");
        }
        return unwrapped(prepare(api, cred, new long[] {-1, -1, -1}).thenCompose(r -> send(client(), r)));
    }

    private CompletableFuture<ApiResult> attempt(Api api, Credential cred, int retriesDone) {
        // [0] = WBI key generation used, [1] = auto-activated buvid generation used, [2] = w_webid's (-1 = none)
        long[] generations = {-1, -1, -1};
        return prepare(api, cred, generations).thenCompose(request -> {
            if (!listeners.isEmpty()) {
                emit(BiliEventType.API_REQUEST, "Api request", requestData(request, api));
            }
            return exchange(request, cred, !api.ignoreCode());
        }).handle((answer, error) -> {
            if (error == null) {
                try {
                    return CompletableFuture.completedFuture(finish(api, answer));
                } catch (RuntimeException e) {
                    error = e;
                }
            }
            Throwable cause = unwrap(error);
            emit(BiliEventType.API_RESPONSE, "Api failed", Map.of("method", api.method(), "url",
                    UriEncoding.withoutQuery(api.url()), "error", describe(cause)));
            if (generations[2] >= 0 && cause instanceof ResponseCodeException rce && rce.code() == -352) {
                webIds.invalidate(api.wWebid(), generations[2]); // the space page hands out a new one
            }
            if (api.wbi() && cause instanceof ResponseCodeException rce
                    && (rce.code() == -403 || rce.code() == -352)) {
                // the key may have rotated: drop it once for everyone who used this generation
                if (generations[0] >= 0) {
                    wbiKeys.invalidate(generations[0]);
                }
                if (rce.code() == -352 && generations[1] >= 0) {
                    // -352 is also the answer to an unactivated (or revoked) buvid3: renew it, once per incident
                    buvid.invalidate(generations[1]);
                }
                if (!api.idempotent()) {
                    return CompletableFuture.<ApiResult>failedFuture(cause);
                }
                if (retriesDone >= settings.wbiRetryTimes()) {
                    return CompletableFuture.<ApiResult>failedFuture(
                            new WbiRetryTimesExceededException(retriesDone + 1, rce));
                }
                emit(BiliEventType.ANTI_SPIDER, "WBI retry", Map.of("url", UriEncoding.withoutQuery(api.url()),
                        "code", rce.code(), "retry", retriesDone + 1));
                return attempt(api, cred, retriesDone + 1);
            }
            return CompletableFuture.<ApiResult>failedFuture(cause);
        }).thenCompose(Function.identity());
    }

    private ApiResult finish(Api api, Answer answer) {
        int code;
        if (api.ignoreCode()) {
            code = answer.code() == null ? 0 : answer.code();
        } else {
            code = answer.requireCode();
            ResponseParser.check(answer.root(), code);
            ResponseParser.checkChallenge(answer.root(), answer.url());
        }
        if (!listeners.isEmpty()) { // the payload is built only for someone to read it
            String url = UriEncoding.withoutQuery(answer.response().url() == null ? api.url()
                    : answer.response().url());
            emit(BiliEventType.API_RESPONSE, "Api response", Map.of("method", api.method(), "url", url, "status",
                    answer.response().code(), "code", code));
        }
        JsonNode data = answer.root().isObject() ? ResponseParser.data(answer.root())
                : tools.jackson.databind.node.MissingNode.getInstance();
        return new ApiResult(answer.root(), data, code, answer.root().isObject()
                ? ResponseParser.message(answer.root()) : "", answer.response());
    }

    /** The reference's {@code _prepare_request}, asynchronous because keys and buvid may need fetching. */
    private CompletableFuture<BiliApiRequest> prepare(Api api, Credential cred, long[] generations) {
        boolean cookiesAllowed = mayReceiveCookies(api.url());
        String[] webIdHolder = {null};
        CompletableFuture<Map<String, String>> cookiesF = cookiesAllowed ? baseCookies(cred, generations)
                : CompletableFuture.completedFuture(new LinkedHashMap<>());
        return cookiesF.thenCompose(cookies -> {
            CompletableFuture<Map<String, String>> withTicket = cookiesAllowed && settings.enableBiliTicket()
                    ? biliTicket(cookies, cred).thenApply(t -> {
                        cookies.put("bili_ticket", t.ticket());
                        cookies.put("bili_ticket_expires", Long.toString(t.expiresEpochSecond()));
                        return cookies;
                    })
                    : CompletableFuture.completedFuture(cookies);
            return withTicket;
        }).thenCompose(cookies -> {
            if (api.wWebid() <= 0) {
                return CompletableFuture.completedFuture(cookies);
            }
            SingleFlight.Slot<WebIdCache.WebId> slot = webIds.get(api.wWebid(), mid -> spacePage(mid, cookies));
            generations[2] = slot.generation();
            return slot.future().thenApply(webId -> {
                webIdHolder[0] = webId.value();
                return cookies;
            });
        }).thenCompose(cookies -> {
            if (!api.wbi()) {
                return CompletableFuture.completedFuture(build(api, cred, cookies, null, cookiesAllowed,
                        webIdHolder[0]));
            }
            SingleFlight.Slot<WbiKeys> slot = wbiKeys.get(() -> fetchWbiKeys(cookies), this::fresh);
            generations[0] = slot.generation();
            return slot.future().thenApply(keys -> build(api, cred, cookies, keys, cookiesAllowed, webIdHolder[0]));
        });
    }

    private static boolean hasHeader(Map<String, String> headers, String name) {
        for (String h : headers.keySet()) {
            if (h.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private BiliApiRequest build(Api api, Credential cred, Map<String, String> cookies, WbiKeys keys,
            boolean cookiesAllowed, String webId) {
        LinkedHashMap<String, String> params = Api.stringify(api.params());
        LinkedHashMap<String, String> data = Api.stringify(api.data());
        if (webId != null) {
            params.put("w_webid", webId);
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
            query = WbiSigner.sign(params, keys.mixinKey(), clock.instant().getEpochSecond());
        }
        if (api.needsCsrf()) {
            data.put("csrf", cred.biliJct());
            data.put("csrf_token", cred.biliJct());
        }
        BiliApiRequest.Builder b = BiliApiRequest.builder(api.method(), resolveUrl(api.url())).params(query);
        api.headers().forEach(b::header);
        if (!hasHeader(api.headers(), "User-Agent")) {
            b.header("User-Agent", settings.userAgent());
        }
        if (!hasHeader(api.headers(), "Referer") && cookiesAllowed) {
            b.header("Referer", REFERER);
        }
        if (api.jsonBody()) {
            b.header("Content-Type", "application/json");
            b.body(Json.MAPPER.writeValueAsString(jsonBody(api, data)));
        } else if (!data.isEmpty()) {
            b.form(data);
        }
        api.files().forEach(b::file);
        cookies.forEach(b::cookie);
        return b.build();
    }

    /** A JSON body keeps the value types (as the reference's json.dumps does); booleans become 1/0, nulls go. */
    private static tools.jackson.databind.node.ObjectNode jsonBody(Api api, Map<String, String> converted) {
        tools.jackson.databind.node.ObjectNode node = Json.object();
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
            c++; // two different letters, as Python's random.sample
        }
        return "" + DM_LETTERS.charAt(a) + DM_LETTERS.charAt(c);
    }

    /** Credential cookies, plus an activated buvid3/buvid4 when the credential has none and auto-buvid is on. */
    private CompletableFuture<Map<String, String>> baseCookies(Credential cred, long[] generations) {
        Map<String, String> cookies = new LinkedHashMap<>(cred.cookies());
        if (cred.hasBuvid3() || !settings.enableAutoBuvid()) {
            return CompletableFuture.completedFuture(cookies);
        }
        SingleFlight.Slot<Buvid> slot = buvid.get(this::obtainAndActivate, b -> true);
        generations[1] = slot.generation();
        return slot.future().thenApply(pair -> {
            cookies.put("buvid3", pair.buvid3());
            cookies.putIfAbsent("buvid4", pair.buvid4());
            return cookies;
        });
    }

    // ------------------------------------------------------------------------------------------------ WBI keys

    private boolean fresh(WbiKeys keys) {
        return keys.fetchedAt().plus(settings.wbiKeyTtl()).isAfter(clock.instant());
    }

    private CompletableFuture<WbiKeys> fetchWbiKeys(Map<String, String> cookies) {
        BiliApiRequest.Builder b = BiliApiRequest.get(resolveUrl(NAV_URL)).header("User-Agent", settings.userAgent())
                .header("Referer", REFERER);
        cookies.forEach((k, v) -> {
            if (!k.equals("bili_ticket") && !k.equals("bili_ticket_expires")) {
                b.cookie(k, v);
            }
        });
        return exchange(b.build(), null, false).thenApply(answer -> {
            // a logged-out nav answers -101 and still carries the keys
            JsonNode img = answer.root().path("data").path("wbi_img");
            String imgUrl = Json.text(img, "img_url");
            String subUrl = Json.text(img, "sub_url");
            if (imgUrl == null || subUrl == null) {
                ResponseParser.check(answer.root(), answer.requireCode());
                throw new ResponseParseException("nav answer has no data.wbi_img.img_url/sub_url");
            }
            WbiKeys keys = keys(imgUrl, subUrl);
            emit(BiliEventType.ANTI_SPIDER, "WBI key fetched", Map.of("source", "nav"));
            return keys;
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

    /** Drops the cached WBI keys; the next signed request reads nav again. */
    public void refreshWbiKeys() {
        wbiKeys.clear();
    }

    // ------------------------------------------------------------------------------------------------ buvid

    /**
     * The buvid3 requests carry: the credential's own, else (with auto-buvid on) the context's activated one,
     * obtaining and activating it on first use. With auto-buvid off and no buvid3 in the credential, completes with
     * an empty string.
     *
     * @return the buvid3
     */
    public CompletableFuture<String> buvid3() {
        Credential credential = credential();
        if (credential.hasBuvid3()) {
            return CompletableFuture.completedFuture(credential.buvid3());
        }
        if (!settings.enableAutoBuvid()) {
            return CompletableFuture.completedFuture("");
        }
        return unwrapped(activatedBuvid().thenApply(Buvid::buvid3));
    }

    /** Forgets the activated buvid pair; the next request obtains and activates a new one. */
    public void refreshBuvid() {
        buvid.clear();
    }

    private CompletableFuture<Buvid> activatedBuvid() {
        return buvid.get(this::obtainAndActivate, b -> true).future();
    }

    private CompletableFuture<Buvid> obtainAndActivate() {
        BiliApiRequest spi = BiliApiRequest.get(resolveUrl(SPI_URL)).header("User-Agent", settings.userAgent())
                .header("Referer", REFERER).build();
        return exchange(spi, null, false).handle((answer, error) -> {
            if (error != null) {
                throw new BuvidActivationException(reasonFirst(unwrap(error),
                        "while obtaining buvid3/buvid4 from finger/spi"), unwrap(error));
            }
            JsonNode data = answer.root().path("data");
            String b3 = Json.text(data, "b_3");
            String b4 = Json.text(data, "b_4");
            if (answer.code() == null || answer.code() != 0 || b3 == null || b4 == null) {
                throw new BuvidActivationException("finger/spi answered code " + answer.code()
                        + " without data.b_3/b_4", null);
            }
            return new Buvid(b3, b4);
        }).thenCompose(pair -> {
            long now = clock.millis();
            String uuid = BuvidPayload.uuidInfoc(now, ThreadLocalRandom.current());
            String body = BuvidPayload.body(uuid, now, settings.userAgent());
            String fp = Murmur3.buvidFp(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            BiliApiRequest activate = BiliApiRequest.post(resolveUrl(ACTIVATE_URL))
                    .header("User-Agent", settings.userAgent()).header("Referer", REFERER)
                    .header("Content-Type", "application/json").body(body).cookie("buvid3", pair.buvid3())
                    .cookie("buvid4", pair.buvid4()).cookie("_uuid", uuid).cookie("buvid_fp", fp).build();
            return exchange(activate, null, false).handle((answer, error) -> {
                if (error != null) {
                    throw new BuvidActivationException(reasonFirst(unwrap(error),
                            "while activating buvid3 (ExClimbWuzhi)"), unwrap(error));
                }
                int code = answer.requireCode();
                if (code != 0) {
                    throw new BuvidActivationException("Activating buvid3 (ExClimbWuzhi) answered code "
                            + code + ": " + ResponseParser.message(answer.root()),
                            ResponseCodeException.of(code, ResponseParser.message(answer.root()), answer.root()));
                }
                emit(BiliEventType.ANTI_SPIDER, "buvid activated", Map.of("buvid3", Secrets.MASK));
                return pair;
            });
        });
    }

    // ------------------------------------------------------------------------------------------------ bili_ticket

    /** Forgets the bili_ticket; the next request (with bili_ticket enabled) obtains a new one. */
    public void refreshBiliTicket() {
        ticket.clear();
    }

    private CompletableFuture<Ticket> biliTicket(Map<String, String> cookies, Credential cred) {
        return ticket.get(() -> fetchTicket(cookies, cred),
                t -> clock.instant().isBefore(t.refreshAt())).future();
    }

    private CompletableFuture<Ticket> fetchTicket(Map<String, String> cookies, Credential cred) {
        long ts = clock.instant().getEpochSecond();
        BiliApiRequest.Builder b = BiliApiRequest.post(resolveUrl(TICKET_URL))
                .param("key_id", BiliTicketSigner.KEY_ID).param("hexsign", BiliTicketSigner.hexsign(ts))
                .param("context[ts]", Long.toString(ts))
                // the reference puts bili_jct here; bilibili accepts it empty, and a secret in a URL ends up in
                // HTTP libraries' DEBUG logs and proxies' access logs, so the field is sent empty
                .param("csrf", "")
                .header("User-Agent", settings.userAgent()).header("Referer", REFERER);
        cookies.forEach(b::cookie);
        return exchange(b.build(), cred, false).thenApply(answer -> {
            ResponseParser.check(answer.root(), answer.requireCode());
            JsonNode data = answer.root().path("data");
            String value = Json.text(data, "ticket");
            Long created = Json.longValue(data, "created_at");
            Long ttl = Json.longValue(data, "ttl");
            if (value == null || created == null || ttl == null || ttl <= 0) {
                throw new ResponseParseException("GenWebTicket answer lacks data.ticket/created_at/ttl");
            }
            long expires = created + ttl;
            Duration margin = Duration.ofSeconds(Math.min(TICKET_REFRESH_MARGIN.toSeconds(), ttl / 10));
            Ticket t = new Ticket(value, expires, Instant.ofEpochSecond(expires).minus(margin));
            String img = Json.text(data.path("nav"), "img");
            String sub = Json.text(data.path("nav"), "sub");
            if (img != null && sub != null) {
                wbiKeys.put(keys(img, sub));
                emit(BiliEventType.ANTI_SPIDER, "WBI key fetched", Map.of("source", "GenWebTicket"));
            }
            emit(BiliEventType.ANTI_SPIDER, "bili_ticket refreshed", Map.of("expires", expires));
            return t;
        });
    }

    // ------------------------------------------------------------------------------------------------ exchange

    /**
     * One HTTP exchange with observation: sends, reads the status and JSON, reports to the observer.
     *
     * @param failOnCode whether the observation counts a non-zero code as an error (the caller decides what to
     *                   raise)
     */
    CompletableFuture<Answer> exchange(BiliApiRequest request, Credential cred, boolean failOnCode) {
        ApiObservation observation = startObservation(request);
        BiliApiClient client = client();
        CompletableFuture<BiliApiResponse> sent = send(client, request);
        String url = UriEncoding.withoutQuery(request.url());
        Credential maskWith = cred == null ? credential() : cred;
        return sent.handle((response, error) -> {
            if (error != null) {
                Throwable cause = ProxyFailures.classify(client, request.url(), unwrap(error));
                stopObservation(observation, new ApiCallOutcome(-1, null, cause));
                throw propagate(cause);
            }
            Answer answer;
            try {
                ResponseParser.Parsed parsed = ResponseParser.parse(response.code(), url, response.raw(), maskWith);
                Integer code = ResponseParser.codeOrNull(parsed.root(), url);
                answer = new Answer(response, parsed.root(), code, parsed.notices(), url);
            } catch (BiliApiException e) {
                stopObservation(observation, new ApiCallOutcome(response.code(), null, e));
                throw e;
            }
            if (!answer.notices().isEmpty()) {
                List<Integer> codes = new ArrayList<>();
                answer.notices().forEach(n -> codes.add(n.path("code").asInt(0)));
                emit(BiliEventType.ANTI_SPIDER, "notice before the answer", Map.of("url", url, "codes", codes));
            }
            Throwable codeError = null;
            if (failOnCode && answer.code() == null) {
                codeError = new ResponseParseException(answer.root().isMissingNode() ? "Empty body from " + url
                        : "Answer from " + url + " has no 'code' field");
            } else if (failOnCode && answer.code() != 0) {
                codeError = ResponseCodeException.of(answer.code(), ResponseParser.message(answer.root()),
                        answer.root());
            } else if (failOnCode) {
                try {
                    ResponseParser.checkChallenge(answer.root(), url);
                } catch (RiskControlException e) {
                    codeError = e;
                }
            }
            stopObservation(observation, new ApiCallOutcome(response.code(), answer.code(), codeError));
            return answer;
        });
    }

    /** Sends through {@code client} (resolved once per exchange), after the pacing's slot for the host when pacing is on. */
    private CompletableFuture<BiliApiResponse> send(BiliApiClient client, BiliApiRequest request) {
        if (pacing.enabled()) {
            return pacing.acquire(HostRedirect.hostOf(request.url())).thenCompose(v -> client.request(request));
        }
        try {
            return client.request(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The space page whose __RENDER_DATA__ holds the mid's w_webid (HTML, so not through exchange's JSON parse). */
    private CompletableFuture<BiliApiResponse> spacePage(long mid, Map<String, String> cookies) {
        BiliApiRequest.Builder b = BiliApiRequest.get(resolveUrl(SPACE_URL + mid + "/dynamic"))
                .header("User-Agent", settings.userAgent()).header("Referer", REFERER);
        cookies.forEach(b::cookie);
        emit(BiliEventType.ANTI_SPIDER, "w_webid fetched", Map.of("mid", mid));
        return unwrapped(send(client(), b.build()));
    }

    private ApiObservation startObservation(BiliApiRequest request) {
        if (observer == ApiObserver.NOOP) {
            return NOT_OBSERVED; // no metrics: skip parsing the URL for tags nobody reads
        }
        try {
            URI uri = URI.create(UriEncoding.withoutQuery(request.url()).replace("***@", ""));
            ApiObservation o = observer.start(new ApiCallInfo(request.method(), uri.getScheme(), uri.getHost(),
                    uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath(),
                    client().backendName()));
            return o == null ? NOT_OBSERVED : o;
        } catch (RuntimeException e) {
            LOG.warn("ApiObserver.start failed; the exchange is not observed", e);
            return NOT_OBSERVED;
        }
    }

    private static void stopObservation(ApiObservation observation, ApiCallOutcome outcome) {
        try {
            observation.stop(outcome);
        } catch (RuntimeException e) {
            LOG.warn("ApiObservation.stop failed", e);
        }
    }

    // ------------------------------------------------------------------------------------------------ WebSocket

    /**
     * Opens a WebSocket through the client: applies host redirection, adds the credential's cookies (plus an
     * activated buvid3 already known) only for bilibili or redirected hosts, and the default User-Agent.
     *
     * @param url     ws(s) URL
     * @param params  query parameters
     * @param headers extra headers
     * @return the handle
     */
    public CompletableFuture<Integer> wsCreate(String url, Map<String, String> params, Map<String, String> headers) {
        Objects.requireNonNull(url, "url");
        Map<String, String> h = new LinkedHashMap<>(headers == null ? Map.of() : headers);
        if (!hasHeader(h, "User-Agent")) {
            h.put("User-Agent", settings.userAgent());
        }
        Map<String, String> cookies = new LinkedHashMap<>();
        if (mayReceiveCookies(url)) {
            Credential credential = credential();
            cookies.putAll(credential.cookies());
            Buvid known = buvid.peek();
            if (!credential.hasBuvid3() && known != null) {
                cookies.put("buvid3", known.buvid3());
                cookies.putIfAbsent("buvid4", known.buvid4());
            }
        }
        String target = resolveUrl(url);
        CompletableFuture<Integer> f;
        try {
            f = client().wsCreate(target, params == null ? Map.of() : params, h, cookies);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return unwrapped(f.thenApply(handle -> {
            emit(BiliEventType.WS_CREATE, "WebSocket opened", Map.of("id", handle, "url",
                    UriEncoding.withoutQuery(target)));
            return handle;
        }));
    }

    /**
     * @param handle a handle from {@link #wsCreate}
     * @param data   a binary frame
     * @return completes when sent
     */
    public CompletableFuture<Void> wsSend(int handle, byte[] data) {
        return unwrapped(client().wsSend(handle, data).thenRun(() -> emit(BiliEventType.WS_SEND, "WebSocket send",
                Map.of("id", handle, "bytes", data.length))));
    }

    /**
     * @param handle a handle from {@link #wsCreate}
     * @return the next message (CLOSE/CLOSING/CLOSED once closed, see the SPI)
     */
    public CompletableFuture<BiliWsMessage> wsRecv(int handle) {
        return unwrapped(client().wsRecv(handle).thenApply(m -> {
            emit(BiliEventType.WS_RECV, "WebSocket receive", Map.of("id", handle, "type", m.type(), "bytes",
                    m.data() == null ? 0 : m.data().length));
            return m;
        }));
    }

    /**
     * @param handle a handle from {@link #wsCreate}
     * @return completes when closed
     */
    public CompletableFuture<Void> wsClose(int handle) {
        return unwrapped(client().wsClose(handle).thenRun(() -> emit(BiliEventType.WS_CLOSE, "WebSocket closed",
                Map.of("id", handle))));
    }

    // ------------------------------------------------------------------------------------------------ events

    private void emit(BiliEventType type, String description, Map<String, ?> data) {
        if (listeners.isEmpty()) {
            return;
        }
        BiliEvent event = new BiliEvent(type, description, Secrets.maskMap(data), clock.instant());
        for (BiliEventListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("BiliEventListener {} failed on {}", l, type, e);
            }
        }
    }

    private static Map<String, Object> requestData(BiliApiRequest request, Api api) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("method", request.method());
        data.put("url", UriEncoding.withoutQuery(request.url()));
        data.put("params", Secrets.maskMap(request.params()));
        if (request.body() instanceof BiliApiRequest.Body.Form form) {
            data.put("data", Secrets.maskMap(form.fields()));
        }
        data.put("files", request.files().keySet());
        data.put("cookies", request.cookies().keySet());
        data.put("wbi", api.wbi());
        return data;
    }

    /** The cause's own message first (what the user must fix), then what the library was doing. */
    private static String reasonFirst(Throwable cause, String doing) {
        String reason = cause.getMessage() == null || cause.getMessage().isBlank() ? describe(cause)
                : cause.getMessage();
        return reason + " (" + doing + ")";
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static RuntimeException propagate(Throwable t) {
        return t instanceof RuntimeException r ? r : new CompletionException(t);
    }

    /** Fails the returned future with the real cause, not a {@link CompletionException} wrapper. */
    private static <T> CompletableFuture<T> unwrapped(CompletableFuture<T> f) {
        CompletableFuture<T> out = new CompletableFuture<>();
        f.whenComplete((v, e) -> {
            if (e != null) {
                out.completeExceptionally(unwrap(e));
            } else {
                out.complete(v);
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return "BiliContext[client=" + clientDescription + ", settings=" + settings + ", credential="
                + credentials + "]";
    }

    /** Builder for {@link BiliContext}. */
    public static final class Builder {
        private Supplier<BiliApiClient> clients;
        private String clientDescription;
        private RequestSettings settings = RequestSettings.DEFAULTS;
        private CredentialProvider credentials = CredentialProvider.of(Credential.empty());
        private final List<BiliEventListener> listeners = new ArrayList<>();
        private ApiObserver observer = ApiObserver.NOOP;
        private Clock clock = Clock.systemUTC();
        private RequestPacing pacing = RequestPacing.none();

        private Builder() {
        }

        /** @param v per-host request pacing shared by every call (default {@link RequestPacing#none()}) @return this */
        public Builder pacing(RequestPacing v) {
            pacing = Objects.requireNonNull(v, "pacing");
            return this;
        }

        /** @param v the client every request goes through (required) @return this */
        public Builder client(BiliApiClient v) {
            Objects.requireNonNull(v, "client");
            clients = () -> v;
            clientDescription = v.backendName();
            return this;
        }

        /**
         * @param v a registry asked for its current client on every call (HTTP, WebSocket, buvid, bili_ticket and
         *          WBI key fetches): a {@link BiliApiClients#select}, {@link BiliApiClients#setSession} or new
         *          registration takes effect on the next call; replaces {@link #client(BiliApiClient)}
         * @return this
         */
        public Builder clients(BiliApiClients v) {
            Objects.requireNonNull(v, "clients");
            clients = v::get;
            clientDescription = "BiliApiClients";
            return this;
        }

        /** @param v the settings (default {@link RequestSettings#DEFAULTS}) @return this */
        public Builder settings(RequestSettings v) {
            settings = Objects.requireNonNull(v, "settings");
            return this;
        }

        /** @param v the default credential, fixed (default {@link Credential#empty()}) @return this */
        public Builder credential(Credential v) {
            credentials = CredentialProvider.of(Objects.requireNonNull(v, "credential"));
            return this;
        }

        /**
         * @param v where the default credential is read from on every call (e.g. a {@code CredentialStore}); replaces
         *          {@link #credential(Credential)}
         * @return this
         */
        public Builder credentials(CredentialProvider v) {
            credentials = Objects.requireNonNull(v, "credentials");
            return this;
        }

        /** @param v an event listener to add @return this */
        public Builder listener(BiliEventListener v) {
            listeners.add(Objects.requireNonNull(v, "listener"));
            return this;
        }

        /** @param v the metrics observer (default no-op) @return this */
        public Builder observer(ApiObserver v) {
            observer = Objects.requireNonNull(v, "observer");
            return this;
        }

        /** @param v the clock for {@code wts}, TTLs and event times (default UTC system clock) @return this */
        public Builder clock(Clock v) {
            clock = Objects.requireNonNull(v, "clock");
            return this;
        }

        /** @return the context */
        public BiliContext build() {
            return new BiliContext(this);
        }
    }
}
