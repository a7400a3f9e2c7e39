package io.github.bilibiliapi.test.bilibili;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fake's passport: QR login sessions, login sessions with their refresh tokens, the RSA key pair of the correspond
 * page, and the scripting a test (or the sample's offline "phone") needs. Logged-in sessions are also accounts of the
 * shared {@link FakeBilibiliState}, so nav and every other route see them.
 *
 * <p>Scripting: {@link #scan(String)} and {@link #confirm(String, long)} play the phone; QR keys expire
 * {@link #QR_TTL} after generation on the fake's clock ({@link FakeBilibiliState#setClock}); {@link
 * #setCookieDelivery(CookieDelivery)} chooses how a confirmed poll hands over the cookies; {@link
 * #setRefreshNeeded(boolean)} is what {@code cookie/info} answers. Thread-safe.
 */
public final class PassportState {

    /** How long a QR key lives (the documented 180 s). */
    public static final Duration QR_TTL = Duration.ofSeconds(180);

    /** How a confirmed poll hands over the login cookies. */
    public enum CookieDelivery {
        /** {@code Set-Cookie} headers on the poll answer, plus the crossDomain {@code data.url} (the documented way). */
        SET_COOKIE,
        /** No {@code Set-Cookie} on the poll; {@code GET data.url} (crossDomain) sets them (bilibili in 2025–26). */
        CROSS_DOMAIN,
        /** No {@code Set-Cookie} anywhere; the cookies are only in {@code data.url}'s query (the last resort). */
        URL_ONLY
    }

    /** The state of a QR key as the phone moved it. */
    public enum QrState {
        /** Generated, nobody scanned it. */
        NOT_SCANNED,
        /** Scanned by the app, not confirmed. */
        SCANNED,
        /** Confirmed: the next poll logs in and consumes the key. */
        CONFIRMED,
        /** A poll answered the confirmation; the key is used up. */
        CONSUMED
    }

    /**
     * One login session (what a browser holds after logging in).
     *
     * @param sessdata     SESSDATA (secret)
     * @param biliJct      bili_jct (secret)
     * @param mid          DedeUserID
     * @param ckMd5        DedeUserID__ckMd5
     * @param sid          sid
     * @param refreshToken the refresh token (ac_time_value, secret)
     */
    public record Login(String sessdata, String biliJct, long mid, String ckMd5, String sid, String refreshToken) {

        /** Secrets are redacted. */
        @Override
        public String toString() {
            return "Login[mid=" + mid + ", secrets=<redacted>]";
        }
    }

    static final class Qr {
        final String key;
        final long createdMillis;
        volatile QrState state = QrState.NOT_SCANNED;
        volatile long mid;

        Qr(String key, long createdMillis) {
            this.key = key;
            this.createdMillis = createdMillis;
        }
    }

    /** A refresh_csrf the correspond page issued for one SESSDATA. */
    record IssuedCsrf(String value, long issuedMillis) {
    }

    private final FakeBilibiliState bilibili;
    private final KeyPair keyPair;
    private final Map<String, Qr> qrs = new ConcurrentHashMap<>();
    private volatile String latestQrKey;
    /** SESSDATA → its session. */
    private final Map<String, Login> logins = new ConcurrentHashMap<>();
    /** new SESSDATA → the session it replaces (whose cookies work until confirm/refresh). */
    private final Map<String, Login> pendingConfirm = new ConcurrentHashMap<>();
    /** SESSDATA → the last refresh_csrf the correspond page issued for it (single use). */
    private final Map<String, IssuedCsrf> refreshCsrf = new ConcurrentHashMap<>();
    private volatile CookieDelivery cookieDelivery = CookieDelivery.SET_COOKIE;
    private volatile boolean refreshNeeded;
    private volatile Duration correspondWindow = Duration.ofMinutes(10);
    private volatile Duration refreshCsrfTtl = Duration.ofMinutes(10);
    private final AtomicLong refreshes = new AtomicLong();
    private final AtomicLong confirms = new AtomicLong();
    private final AtomicLong logouts = new AtomicLong();
    private final AtomicLong crossDomainRequests = new AtomicLong();

    /**
     * A passport over the shared bilibili state, with a fresh 1024-bit RSA key pair of its own (bilibili's key is
     * 1024-bit too; its private half is not public, so the fake cannot use bilibili's).
     *
     * @param bilibili the state whose accounts the logins become
     */
    public PassportState(FakeBilibiliState bilibili) {
        this.bilibili = Objects.requireNonNull(bilibili, "bilibili");
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(1024, Crypto.RANDOM);
            this.keyPair = g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    // ---------------------------------------------------------------- keys

    /**
     * The public key the library must use against this fake (instead of bilibili's), as PEM.
     *
     * @return {@code -----BEGIN PUBLIC KEY-----…}
     */
    public String publicKeyPem() {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keyPair.getPublic().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----";
    }

    PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    // ---------------------------------------------------------------- QR

    Qr newQr() {
        String key = Crypto.randomHex(16);
        Qr qr = new Qr(key, bilibili.nowMillis());
        qrs.values().removeIf(q -> bilibili.nowMillis() - q.createdMillis > 2 * QR_TTL.toMillis());
        qrs.put(key, qr);
        latestQrKey = key;
        return qr;
    }

    Qr qr(String key) {
        return key == null ? null : qrs.get(key);
    }

    boolean isExpired(Qr qr) {
        return bilibili.nowMillis() - qr.createdMillis >= QR_TTL.toMillis();
    }

    /**
     * The key of the QR code generated last (for the sample's phone button and tests).
     *
     * @return the key, or empty before any generate
     */
    public Optional<String> latestQrKey() {
        return Optional.ofNullable(latestQrKey);
    }

    /**
     * The phone scans a QR code: polls answer 86090 from now on.
     *
     * @param qrcodeKey the key
     * @throws IllegalArgumentException for an unknown key
     * @throws IllegalStateException    when the key expired or was already confirmed
     */
    public void scan(String qrcodeKey) {
        Qr qr = requireLive(qrcodeKey);
        if (qr.state != QrState.NOT_SCANNED && qr.state != QrState.SCANNED) {
            throw new IllegalStateException("the QR code was already confirmed");
        }
        qr.state = QrState.SCANNED;
    }

    /**
     * The phone confirms the login of a scanned (or not yet scanned) QR code as {@code mid}: the next poll logs in.
     *
     * @param qrcodeKey the key
     * @param mid       the user id that logs in (positive)
     * @throws IllegalArgumentException for an unknown key or a non-positive mid
     * @throws IllegalStateException    when the key expired or was already confirmed
     */
    public void confirm(String qrcodeKey, long mid) {
        if (mid <= 0) {
            throw new IllegalArgumentException("mid must be positive, got " + mid);
        }
        Qr qr = requireLive(qrcodeKey);
        if (qr.state == QrState.CONFIRMED || qr.state == QrState.CONSUMED) {
            throw new IllegalStateException("the QR code was already confirmed");
        }
        qr.mid = mid;
        qr.state = QrState.CONFIRMED;
    }

    /**
     * @param qrcodeKey the key
     * @return its state, or empty for an unknown key
     */
    public Optional<QrState> qrState(String qrcodeKey) {
        return Optional.ofNullable(qr(qrcodeKey)).map(q -> q.state);
    }

    private Qr requireLive(String key) {
        Qr qr = qr(key);
        if (qr == null) {
            throw new IllegalArgumentException("no such QR code key");
        }
        if (isExpired(qr)) {
            throw new IllegalStateException("the QR code expired");
        }
        return qr;
    }

    /**
     * @param delivery how the next confirmed polls hand over the cookies
     */
    public void setCookieDelivery(CookieDelivery delivery) {
        cookieDelivery = Objects.requireNonNull(delivery, "delivery");
    }

    CookieDelivery cookieDelivery() {
        return cookieDelivery;
    }

    // ---------------------------------------------------------------- sessions

    /**
     * Creates a logged-in session for {@code mid} directly (as if a login had happened), with its refresh token.
     *
     * @param mid the user id (positive)
     * @return the session's cookies and token
     */
    public Login login(long mid) {
        if (mid <= 0) {
            throw new IllegalArgumentException("mid must be positive, got " + mid);
        }
        long expires = bilibili.nowSeconds() + 180L * 24 * 3600;
        // the real SESSDATA is '<hex>,<expiry>,<hex>*<digits>' percent-encoded as a cookie value
        String sessdata = Crypto.randomHex(16) + "%2C" + expires + "%2C" + Crypto.randomHex(3) + "%2A"
                + (10 + Crypto.RANDOM.nextInt(90));
        Login login = new Login(sessdata, Crypto.randomHex(16), mid,
                Crypto.md5Hex(Long.toString(mid)).substring(0, 16), Crypto.randomHex(4), Crypto.randomHex(16));
        bilibili.addAccount(login.sessdata(), login.biliJct(), mid);
        logins.put(sessdata, login);
        return login;
    }

    Login loginFor(String sessdata) {
        if (sessdata == null || bilibili.accountForSessdata(sessdata).isEmpty()) {
            return null;
        }
        return logins.get(sessdata);
    }

    /**
     * Ends a session: its SESSDATA stops working everywhere.
     *
     * @param sessdata the SESSDATA
     */
    public void invalidate(String sessdata) {
        Objects.requireNonNull(sessdata, "sessdata");
        bilibili.removeAccount(sessdata);
        logins.remove(sessdata);
        refreshCsrf.remove(sessdata);
        pendingConfirm.remove(sessdata);
    }

    /**
     * @param sessdata a SESSDATA
     * @return whether it is logged in now
     */
    public boolean isLoggedIn(String sessdata) {
        return sessdata != null && bilibili.accountForSessdata(sessdata).isPresent();
    }

    /**
     * @param needed what {@code cookie/info} answers as {@code data.refresh} for every session
     */
    public void setRefreshNeeded(boolean needed) {
        refreshNeeded = needed;
    }

    boolean refreshNeeded() {
        return refreshNeeded;
    }

    /**
     * @param window how far the timestamp inside a correspondPath may be from the fake's clock (default 10 min; the
     *               real window is not documented)
     */
    public void setCorrespondWindow(Duration window) {
        if (window == null || window.isNegative()) {
            throw new IllegalArgumentException("window must be a non-negative duration, got " + window);
        }
        correspondWindow = window;
    }

    Duration correspondWindow() {
        return correspondWindow;
    }

    void issueRefreshCsrf(String sessdata, String value) {
        refreshCsrf.put(sessdata, new IssuedCsrf(value, bilibili.nowMillis()));
    }

    /** Takes (single use) the refresh_csrf issued for this SESSDATA if it matches and is fresh. */
    boolean consumeRefreshCsrf(String sessdata, String value) {
        IssuedCsrf issued = refreshCsrf.get(sessdata);
        if (issued == null || value == null || !Crypto.equalsConstantTime(issued.value(), value)
                || bilibili.nowMillis() - issued.issuedMillis() > refreshCsrfTtl.toMillis()) {
            return false;
        }
        return refreshCsrf.remove(sessdata, issued);
    }

    /**
     * cookie/refresh succeeded: a new session beside the old one. The old cookies keep working until confirm/refresh,
     * but the old refresh token is spent (a second refresh with it is a replay).
     */
    Login rotate(Login old) {
        Login fresh = login(old.mid());
        logins.remove(old.sessdata(), old);
        pendingConfirm.put(fresh.sessdata(), old);
        refreshes.incrementAndGet();
        return fresh;
    }

    /** confirm/refresh: ends the replaced session, if {@code oldToken} is its refresh token. */
    boolean confirm(Login fresh, String oldToken) {
        Login old = pendingConfirm.get(fresh.sessdata());
        if (old == null || oldToken == null || !Crypto.equalsConstantTime(old.refreshToken(), oldToken)) {
            return false;
        }
        pendingConfirm.remove(fresh.sessdata());
        invalidate(old.sessdata());
        confirms.incrementAndGet();
        return true;
    }

    /** Marks a QR key consumed and logs its user in. */
    Login complete(Qr qr) {
        qr.state = QrState.CONSUMED;
        return login(qr.mid);
    }

    FakeBilibiliState bilibili() {
        return bilibili;
    }

    void countLogout() {
        logouts.incrementAndGet();
    }

    void countCrossDomain() {
        crossDomainRequests.incrementAndGet();
    }

    /** @return successful {@code cookie/refresh} calls */
    public long refreshes() {
        return refreshes.get();
    }

    /** @return successful {@code confirm/refresh} calls */
    public long confirms() {
        return confirms.get();
    }

    /** @return successful logouts */
    public long logouts() {
        return logouts.get();
    }

    /** @return requests to the crossDomain page */
    public long crossDomainRequests() {
        return crossDomainRequests.get();
    }
}
