package io.github.bilibiliapi.login;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.ApiResult;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.Credential;
import io.github.bilibiliapi.api.CredentialException;
import io.github.bilibiliapi.api.ResponseCodeException;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.login.CredentialRefreshException.Stage;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Keeps a web login alive: bilibili wants the cookies renewed now and then (the site checks once a day), with the
 * refresh token the login returned.
 *
 * <ol>
 *   <li>{@code GET cookie/info}: does it need a refresh? (and bilibili's time)</li>
 *   <li>correspondPath = lowercase hex of RSA-OAEP (SHA-256, MGF1-SHA-256, empty label) over {@code refresh_<ms>}
 *       with bilibili's public key; {@code GET www.bilibili.com/correspond/1/{path}} → {@code refresh_csrf} from
 *       {@code <div id="1-name">}</li>
 *   <li>{@code POST cookie/refresh} (csrf, refresh_csrf, source=main_web, refresh_token) → new cookies and token,
 *       saved in the store at once</li>
 *   <li>{@code POST confirm/refresh} with the new cookies and the <b>old</b> token: retires the old cookies</li>
 * </ol>
 *
 * <p>A failure before the new credential is saved leaves the store as it was (the old cookies still work) and raises a
 * {@link CredentialRefreshException} naming the step ({@link RefreshTokenRejectedException} for 86095,
 * {@link NotLoggedInException} for -101). {@code cookie/refresh} is never retried by this class. Refreshes of one
 * refresher never overlap. Thread-safe.
 */
public final class CredentialRefresher {

    /** bilibili's public key for the correspondPath (from the web homepage's WASM, 1024-bit RSA). */
    public static final String BILIBILI_PUBLIC_KEY_PEM = "-----BEGIN PUBLIC KEY-----\n"
            + "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDLgd2OAkcGVtoE3ThUREbio0Eg\n"
            + "Uc/prcajMKXvkCKFCWhJYJcLkcM2DKKcSeFpD/j6Boy538YXnR6VhcuUJOhH2x71\n"
            + "nzPjfdTcqMz7djHum0qSZA0AyCBDABUqCrfNgCiJ00Ra7GmRj+YCK1NJEuewlb40\n"
            + "JNrRuoEUXpabUzGB8QIDAQAB\n"
            + "-----END PUBLIC KEY-----";

    static final String COOKIE_INFO = "https://passport.bilibili.com/x/passport-login/web/cookie/info";
    static final String CORRESPOND = "https://www.bilibili.com/correspond/1/";
    static final String COOKIE_REFRESH = "https://passport.bilibili.com/x/passport-login/web/cookie/refresh";
    static final String CONFIRM_REFRESH = "https://passport.bilibili.com/x/passport-login/web/confirm/refresh";

    private static final Logger LOG = LoggerFactory.getLogger(CredentialRefresher.class);
    private static final Pattern REFRESH_CSRF = Pattern.compile("<div id=\"1-name\">\\s*([^<\\s]+)\\s*</div>");

    private final BiliContext context;
    private final CredentialStore store;
    private final PublicKey publicKey;
    private final List<AccountListener> listeners;
    private final Clock clock;
    private final AtomicReference<CompletableFuture<RefreshResult>> running = new AtomicReference<>();

    private CredentialRefresher(Builder b) {
        this.context = b.context;
        this.store = b.store;
        this.publicKey = b.publicKey;
        this.listeners = List.copyOf(b.listeners);
        this.clock = b.clock;
    }

    /**
     * @param context the context calls go through
     * @param store   where the credential is read from and the renewed one saved
     * @return a builder
     */
    public static Builder builder(BiliContext context, CredentialStore store) {
        return new Builder(context, store);
    }

    /** @return the store this refresher renews */
    public CredentialStore store() {
        return store;
    }

    /**
     * Asks bilibili whether the stored cookies need a refresh ({@code cookie/info}).
     *
     * @return true when they do
     * @throws CredentialException before any I/O when the store holds no SESSDATA
     */
    public CompletableFuture<Boolean> needsRefresh() {
        Credential c = store.credential();
        if (!c.hasSessdata()) {
            throw new CredentialException("the stored credential has no SESSDATA");
        }
        return check(c).thenApply(CookieInfo::refresh);
    }

    /**
     * Refreshes when bilibili says it is time.
     *
     * @return what was done; fails with a {@link CredentialRefreshException}
     * @throws CredentialException before any I/O when the store lacks SESSDATA, bili_jct or the refresh token
     */
    public CompletableFuture<RefreshResult> refreshIfNeeded() {
        return run(false);
    }

    /**
     * Refreshes now, whatever {@code cookie/info} says.
     *
     * @return what was done; fails with a {@link CredentialRefreshException}
     * @throws CredentialException before any I/O when the store lacks SESSDATA, bili_jct or the refresh token
     */
    public CompletableFuture<RefreshResult> refresh() {
        return run(true);
    }

    private CompletableFuture<RefreshResult> run(boolean force) {
        Credential old = store.credential();
        if (!old.hasSessdata() || !old.hasBiliJct() || !old.hasRefreshToken()) {
            throw new CredentialException("a cookie refresh needs SESSDATA, bili_jct and the refresh token "
                    + "(ac_time_value) in the stored credential");
        }
        CompletableFuture<RefreshResult> mine = new CompletableFuture<>();
        CompletableFuture<RefreshResult> other = running.compareAndExchange(null, mine);
        if (other != null) {
            return other.thenApply(r -> r); // one refresh at a time: the second caller shares the first
        }
        CompletableFuture<RefreshResult> work;
        try {
            work = flow(old, force);
        } catch (RuntimeException e) {
            work = CompletableFuture.failedFuture(e);
        }
        work.whenComplete((r, e) -> {
            running.set(null);
            if (e != null) {
                mine.completeExceptionally(LoginService.unwrap(e));
            } else {
                mine.complete(r);
            }
        });
        return mine.thenApply(r -> r);
    }

    private record CookieInfo(boolean refresh, long timestamp) {
    }

    private CompletableFuture<CookieInfo> check(Credential c) {
        return context.execute(Api.get(COOKIE_INFO).credential(c).build()).handle((r, e) -> {
            if (e != null) {
                throw fail(Stage.CHECK, e);
            }
            JsonNode ts = r.data().get("timestamp");
            return new CookieInfo(r.data().path("refresh").asBoolean(false),
                    ts != null && ts.isNumber() ? ts.asLong() : clock.millis());
        });
    }

    private CompletableFuture<RefreshResult> flow(Credential old, boolean force) {
        return check(old).thenCompose(info -> {
            if (!info.refresh() && !force) {
                return CompletableFuture.completedFuture(new RefreshResult(false, false, old));
            }
            // bilibili's own time for the path: a skewed local clock would fall outside its window
            return refreshCsrf(old, info.timestamp())
                    .thenCompose(refreshCsrf -> renew(old, refreshCsrf))
                    .thenCompose(fresh -> confirm(old, fresh));
        });
    }

    /**
     * @param timestampMillis the time to put in the path
     * @return the correspondPath: lowercase hex of RSA-OAEP(SHA-256, MGF1-SHA-256) over {@code refresh_<ms>}
     */
    String correspondPath(long timestampMillis) {
        try {
            // "OAEPWithSHA-256AndMGF1Padding" alone means MGF1-SHA-1 in SunJCE: the parameters must be explicit
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.ENCRYPT_MODE, publicKey, new OAEPParameterSpec("SHA-256", "MGF1",
                    MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
            byte[] out = rsa.doFinal(("refresh_" + timestampMillis).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(out); // zero-padded: BigInteger.toString(16) would drop leading zeros
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-OAEP with SHA-256 is not available in this JVM", e);
        }
    }

    private CompletableFuture<String> refreshCsrf(Credential old, long timestamp) {
        String url = CORRESPOND + correspondPath(timestamp);
        BiliApiRequest.Builder b = BiliApiRequest.get(context.resolveUrl(url))
                .header("User-Agent", context.settings().userAgent()).header("Referer", "https://www.bilibili.com");
        if (context.mayReceiveCookies(url)) {
            b.cookies(old.cookies());
        }
        CompletableFuture<BiliApiResponse> sent;
        try {
            sent = context.client().request(b.build());
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((response, e) -> {
            if (e != null) {
                throw fail(Stage.CORRESPOND, e);
            }
            if (response.code() != 200) {
                throw new CredentialRefreshException(Stage.CORRESPOND, "the correspond page answered HTTP "
                        + response.code() + " (a wrong public key, a clock outside bilibili's window, or a logged-out "
                        + "credential)", null);
            }
            Matcher m = REFRESH_CSRF.matcher(response.utf8Text());
            if (!m.find()) {
                throw new CredentialRefreshException(Stage.CORRESPOND,
                        "the correspond page has no <div id=\"1-name\">", null);
            }
            return m.group(1);
        });
    }

    private CompletableFuture<Credential> renew(Credential old, String refreshCsrf) {
        Api api = Api.post(COOKIE_REFRESH).credential(old).data("refresh_csrf", refreshCsrf)
                .data("source", "main_web").data("refresh_token", old.refreshToken()).build();
        return context.execute(api).handle((r, e) -> {
            if (e != null) {
                throw fail(Stage.REFRESH, e);
            }
            Credential fresh = renewed(old, r);
            try {
                store.save(fresh);
            } catch (RuntimeException saveError) {
                // not confirmed, so the old cookies still work; the new ones are lost with this exception
                throw new CredentialRefreshException(Stage.STORE, "the renewed credential could not be saved; the "
                        + "old one is kept and still works", saveError);
            }
            announce(AccountEvent.Type.REFRESHED, fresh.dedeuserid());
            return fresh;
        });
    }

    private static Credential renewed(Credential old, ApiResult r) {
        Map<String, String> set = r.response().cookies();
        String token = LoginService.text(r.data(), "refresh_token");
        if (set.get("SESSDATA") == null || set.get("bili_jct") == null || token == null || token.isEmpty()) {
            throw new CredentialRefreshException(Stage.REFRESH, "cookie/refresh answered without new SESSDATA/bili_jct "
                    + "cookies or data.refresh_token", null);
        }
        Credential.Builder b = old.toBuilder().sessdata(set.get("SESSDATA")).biliJct(set.get("bili_jct"))
                .refreshToken(token);
        if (set.get("DedeUserID") != null) {
            b.dedeuserid(set.get("DedeUserID"));
        }
        if (set.get("DedeUserID__ckMd5") != null) {
            b.dedeuseridCkMd5(set.get("DedeUserID__ckMd5"));
        }
        if (set.get("sid") != null) {
            b.sid(set.get("sid"));
        }
        return b.build();
    }

    private CompletableFuture<RefreshResult> confirm(Credential old, Credential fresh) {
        Api api = Api.post(CONFIRM_REFRESH).credential(fresh).data("refresh_token", old.refreshToken()).build();
        return context.execute(api).handle((r, e) -> {
            if (e != null) {
                // the new credential is saved and works; only the old cookies stay alive until they expire
                LOG.warn("confirm/refresh failed ({}); the renewed credential is saved and in use",
                        describe(LoginService.unwrap(e)));
                return new RefreshResult(true, false, fresh);
            }
            return new RefreshResult(true, true, fresh);
        });
    }

    private static String describe(Throwable t) {
        return t instanceof ResponseCodeException rce ? "code " + rce.code() : t.getClass().getSimpleName();
    }

    private static CompletionException fail(Stage stage, Throwable error) {
        Throwable cause = LoginService.unwrap(error);
        if (cause instanceof CredentialRefreshException cre) {
            return new CompletionException(cre);
        }
        if (cause instanceof ResponseCodeException rce) {
            if (rce.code() == RefreshTokenRejectedException.CODE) {
                return new CompletionException(new RefreshTokenRejectedException(rce));
            }
            if (rce.code() == -101) {
                return new CompletionException(new NotLoggedInException(stage, rce));
            }
            return new CompletionException(new CredentialRefreshException(stage, "bilibili answered code "
                    + rce.code(), rce));
        }
        return new CompletionException(new CredentialRefreshException(stage, cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause));
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

    /**
     * @param pem an RSA public key as PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo)
     * @return the key
     * @throws IllegalArgumentException when it is not one
     */
    public static PublicKey parsePublicKey(String pem) {
        Objects.requireNonNull(pem, "publicKeyPem");
        String b64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(
                    Base64.getDecoder().decode(b64)));
            if (!(key instanceof RSAPublicKey)) {
                throw new IllegalArgumentException("publicKeyPem is not an RSA public key");
            }
            return key;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("publicKeyPem is not a PEM RSA public key (-----BEGIN PUBLIC KEY-----)",
                    e);
        }
    }

    @Override
    public String toString() {
        return "CredentialRefresher[store=" + store.getClass().getSimpleName() + "]";
    }

    /** Builder for {@link CredentialRefresher}. */
    public static final class Builder {
        private final BiliContext context;
        private final CredentialStore store;
        private PublicKey publicKey = parsePublicKey(BILIBILI_PUBLIC_KEY_PEM);
        private final List<AccountListener> listeners = new ArrayList<>();
        private Clock clock = Clock.systemUTC();

        private Builder(BiliContext context, CredentialStore store) {
            this.context = Objects.requireNonNull(context, "context");
            this.store = Objects.requireNonNull(store, "store");
        }

        /**
         * @param v the RSA public key of the correspondPath (default bilibili's; a test server's own otherwise)
         * @return this
         */
        public Builder publicKey(PublicKey v) {
            publicKey = Objects.requireNonNull(v, "publicKey");
            return this;
        }

        /**
         * @param pem the RSA public key as PEM (see {@link #publicKey(PublicKey)})
         * @return this
         * @throws IllegalArgumentException when it is not a PEM RSA public key
         */
        public Builder publicKeyPem(String pem) {
            publicKey = parsePublicKey(pem);
            return this;
        }

        /** @param v told about refreshes @return this */
        public Builder listener(AccountListener v) {
            listeners.add(Objects.requireNonNull(v, "listener"));
            return this;
        }

        /** @param v the clock for event times and a fallback timestamp (default UTC system clock) @return this */
        public Builder clock(Clock v) {
            clock = Objects.requireNonNull(v, "clock");
            return this;
        }

        /** @return the refresher */
        public CredentialRefresher build() {
            return new CredentialRefresher(this);
        }
    }
}
