package io.github.bilibiliapi.login;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.ApiResult;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.Credential;
import io.github.bilibiliapi.api.CredentialException;
import io.github.bilibiliapi.api.ResponseParseException;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Logging in and out of a bilibili account on the web passport.
 *
 * <pre>{@code
 * CredentialStore store = FileCredentialStore.open(Path.of("bilibili-login.json"));
 * BiliContext context = BiliContext.builder().client(client).credentials(store).build();
 * LoginService login = LoginService.builder(context).store(store).build();
 * QrLogin qr = login.startQrLogin().join();
 * System.out.println(QrCodes.terminalText(qr.url()));     // or QrCodes.png(qr.url(), 256)
 * QrPoll done = qr.await(Duration.ofMinutes(3)).join();   // CONFIRMED: saved in the store, used by the next call
 * }</pre>
 *
 * <p>Calls go through the context (host redirection, events, metrics, the backend). A confirmed login is saved in the
 * store (if one is set) and announced to the {@link AccountListener}s. Thread-safe.
 */
public final class LoginService {

    static final String QR_GENERATE = "https://passport.bilibili.com/x/passport-login/web/qrcode/generate";
    static final String QR_POLL = "https://passport.bilibili.com/x/passport-login/web/qrcode/poll";
    static final String LOGOUT = "https://passport.bilibili.com/login/exit/v2";
    /** How long a QR key lives (documented: 180 s). */
    public static final Duration QR_TTL = Duration.ofSeconds(180);

    private static final Logger LOG = LoggerFactory.getLogger(LoginService.class);

    private final BiliContext context;
    private final CredentialStore store;
    private final List<AccountListener> listeners;
    private final Clock clock;
    private final Duration pollInterval;

    private LoginService(Builder b) {
        this.context = b.context;
        this.store = b.store;
        this.listeners = List.copyOf(b.listeners);
        this.clock = b.clock;
        this.pollInterval = b.pollInterval;
    }

    /**
     * A service without a store: the confirmed credential is only returned.
     *
     * @param context the context calls go through
     */
    public LoginService(BiliContext context) {
        this(builder(context));
    }

    /**
     * @param context the context calls go through
     * @return a builder
     */
    public static Builder builder(BiliContext context) {
        return new Builder(context);
    }

    /** @return the store confirmed logins go to, or null */
    public CredentialStore store() {
        return store;
    }

    /**
     * Asks for a new QR code ({@code qrcode/generate}).
     *
     * @return the login to render and poll; it expires {@link #QR_TTL} after now
     */
    public CompletableFuture<QrLogin> startQrLogin() {
        return context.execute(Api.get(QR_GENERATE).credential(Credential.empty()).build()).thenApply(r -> {
            String url = text(r.data(), "url");
            String key = text(r.data(), "qrcode_key");
            if (url == null || key == null) {
                throw new LoginException("qrcode/generate answered without data.url / data.qrcode_key");
            }
            return new QrLogin(this, url, key, clock.instant().plus(QR_TTL), pollInterval);
        });
    }

    /** One poll; on CONFIRMED builds, stores and announces the credential. */
    CompletableFuture<QrPoll> poll(String key) {
        // no login cookies: this is a new login (an activated buvid3 is still added by the context)
        Api api = Api.get(QR_POLL).param("qrcode_key", key).credential(Credential.empty()).build();
        return context.execute(api).thenCompose(r -> {
            Integer code = r.data().path("code").isNumber() ? r.data().path("code").asInt() : null;
            if (code == null) {
                throw new LoginException("qrcode/poll answered without data.code");
            }
            QrLoginState state = QrLoginState.ofCode(code);
            if (state != QrLoginState.CONFIRMED) {
                return CompletableFuture.completedFuture(new QrPoll(state, null));
            }
            // the key is used up by this answer: everything needed comes from it (and the page it links to)
            return loginCookies(r).thenCompose(cookies -> context.buvid3().exceptionally(e -> "")
                    .thenApply(buvid3 -> {
                        Credential current = context.credential();
                        Credential.Builder b = Credential.fromCookies(cookies).toBuilder()
                                .refreshToken(text(r.data(), "refresh_token"))
                                .buvid3(current.hasBuvid3() ? current.buvid3() : buvid3)
                                .buvid4(current.buvid4());
                        Credential credential = b.build();
                        if (!credential.hasSessdata() || !credential.hasBiliJct()) {
                            throw new LoginException("QR login was confirmed but no SESSDATA/bili_jct came with it "
                                    + "(neither Set-Cookie, the crossDomain page, nor data.url)");
                        }
                        if (store != null) {
                            store.save(credential);
                        }
                        announce(AccountEvent.Type.LOGGED_IN, credential.dedeuserid());
                        return new QrPoll(QrLoginState.CONFIRMED, credential);
                    }));
        });
    }

    /**
     * The login cookies of a confirmed poll: its Set-Cookie headers; else those of the crossDomain page in
     * {@code data.url}; else, as a last resort, {@code data.url}'s query.
     */
    private CompletableFuture<Map<String, String>> loginCookies(ApiResult poll) {
        Map<String, String> fromPoll = poll.response().cookies();
        if (complete(fromPoll)) {
            return CompletableFuture.completedFuture(fromPoll);
        }
        String url = text(poll.data(), "url");
        if (url == null || url.isEmpty()) {
            return CompletableFuture.completedFuture(fromPoll);
        }
        Map<String, String> fromQuery = queryCookies(url);
        CompletableFuture<BiliApiResponse> page;
        try {
            // no cookies to this page (they are in its URL), and no redirect: the cookies are on its first answer
            page = context.client().request(BiliApiRequest.get(context.resolveUrl(url))
                    .header("User-Agent", context.settings().userAgent()).allowRedirects(false).build());
        } catch (RuntimeException e) {
            page = CompletableFuture.failedFuture(e);
        }
        return page.handle((response, error) -> {
            if (error == null && complete(response.cookies())) {
                Map<String, String> all = new LinkedHashMap<>(fromQuery);
                all.putAll(response.cookies());
                return all;
            }
            LOG.debug("crossDomain page set no login cookies ({}); reading them from its URL",
                    error == null ? "HTTP " + response.code() : unwrap(error).getClass().getSimpleName());
            return fromQuery;
        });
    }

    private static boolean complete(Map<String, String> cookies) {
        return notBlank(cookies.get("SESSDATA")) && notBlank(cookies.get("bili_jct"));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** The cookies in a crossDomain URL's query, values as they are (they are cookie values, already encoded). */
    static Map<String, String> queryCookies(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        int q = url.indexOf('?');
        if (q < 0) {
            return out;
        }
        String query = url.substring(q + 1);
        int hash = query.indexOf('#');
        if (hash >= 0) {
            query = query.substring(0, hash);
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String name = pair.substring(0, eq);
                if (List.of("SESSDATA", "bili_jct", "DedeUserID", "DedeUserID__ckMd5", "sid").contains(name)) {
                    out.put(name, pair.substring(eq + 1));
                }
            }
        }
        return out;
    }

    /**
     * Logs out the stored credential (or, without a store, the context's).
     *
     * @return see {@link #logout(Credential)}
     */
    public CompletableFuture<Boolean> logout() {
        return logout(current());
    }

    /** The credential {@link #logout()} ends: the stored one, or without a store the context's. */
    Credential current() {
        return store != null ? store.credential() : context.credential();
    }

    /**
     * Logs a credential out ({@code POST /login/exit/v2}) and clears the store. bilibili answers a credential that is
     * no longer valid with its login page instead of JSON: that counts as logged out too.
     *
     * @param credential the login to end; needs SESSDATA, bili_jct and DedeUserID
     * @return true when bilibili ended the session, false when it was not valid any more
     * @throws CredentialException before any I/O when a needed field is missing
     */
    public CompletableFuture<Boolean> logout(Credential credential) {
        checkLogout(credential);
        Api api = Api.post(LOGOUT).credential(credential).noCsrf(true).data("biliCSRF", credential.biliJct())
                .build();
        return context.execute(api).handle((r, error) -> {
            boolean ended;
            if (error == null) {
                ended = true;
            } else if (unwrap(error) instanceof ResponseParseException) {
                ended = false; // the login page: the cookies were already invalid
            } else {
                throw error instanceof CompletionException ce ? ce : new CompletionException(unwrap(error));
            }
            if (store != null && store.load().map(credential::equals).orElse(false)) {
                store.clear();
            }
            announce(AccountEvent.Type.LOGGED_OUT, credential.dedeuserid());
            return ended;
        });
    }

    private void announce(AccountEvent.Type type, String mid) {
        AccountEvent event = new AccountEvent(type, mid, clock.instant());
        for (AccountListener l : listeners) {
            try {
                l.onAccountEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("AccountListener {} failed on {}", l.getClass().getName(), type, e);
            }
        }
    }

    Clock clock() {
        return clock;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asString();
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    @Override
    public String toString() {
        return "LoginService[store=" + (store == null ? "none" : store.getClass().getSimpleName()) + "]";
    }

    /** Builder for {@link LoginService}. */
    public static final class Builder {
        private final BiliContext context;
        private CredentialStore store;
        private final List<AccountListener> listeners = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private Duration pollInterval = Duration.ofSeconds(2);

        private Builder(BiliContext context) {
            this.context = Objects.requireNonNull(context, "context");
        }

        /** @param v where a confirmed login is saved and a logout clears (default none) @return this */
        public Builder store(CredentialStore v) {
            store = Objects.requireNonNull(v, "store");
            return this;
        }

        /** @param v told about logins and logouts @return this */
        public Builder listener(AccountListener v) {
            listeners.add(Objects.requireNonNull(v, "listener"));
            return this;
        }

        /** @param v the clock for QR expiry and event times (default UTC system clock) @return this */
        public Builder clock(Clock v) {
            clock = Objects.requireNonNull(v, "clock");
            return this;
        }

        /**
         * @param v how often {@link QrLogin#await(Duration)} polls (default 2 s; the site polls about every 1–3 s)
         * @return this
         */
        public Builder pollInterval(Duration v) {
            Objects.requireNonNull(v, "pollInterval");
            if (v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException("pollInterval must be positive, got " + v);
            }
            pollInterval = v;
            return this;
        }

        /** @return the service */
        public LoginService build() {
            return new LoginService(this);
        }
    }

    /** The checks of {@link #logout(Credential)} before any I/O, shared with {@link ReactiveLoginService}. */
    static void checkLogout(Credential credential) {
        Objects.requireNonNull(credential, "credential");
        if (!credential.hasSessdata() || !credential.hasBiliJct() || credential.dedeuserid() == null) {
            throw new CredentialException("logout needs SESSDATA, bili_jct and DedeUserID in the credential");
        }
    }
}
