package io.github.bilibiliapi.test.bilibili;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mutable world of the fake bilibili REST routes, shared by the routes, by tests and by other fake modules (the
 * live module uses {@link #verifyWbi(String)} and {@link #isActivated(String)} for {@code getDanmuInfo}).
 *
 * <p>It holds the current WBI key pair, the accounts that count as logged in, the set of activated {@code buvid3}
 * values, configuration of "missing" users and videos, and request counters. All methods are thread-safe.
 *
 * <p>Defaults: the WBI keys of the real nav fixture ({@code 653657f5…}/{@code 6e4909c7…}), one account
 * ({@link #DEFAULT_SESSDATA}, {@link #DEFAULT_BILI_JCT}, {@link #DEFAULT_MID}), a {@code wts} tolerance of ±300 s, a
 * bili_ticket TTL of 259200 s (3 days, like the real site) and the system UTC clock.
 */
public final class FakeBilibiliState {

    /** SESSDATA of the default test account. Not a real credential. */
    public static final String DEFAULT_SESSDATA = "fake0sessdata%2C1999999999%2Cdefault";
    /** bili_jct (CSRF token) of the default test account. Not a real credential. */
    public static final String DEFAULT_BILI_JCT = "0123456789abcdef0123456789abcdef";
    /** mid of the default test account (the mid in the real logged-in nav fixture). */
    public static final long DEFAULT_MID = 293793435L;
    /** WBI keys of the real nav fixture, the fake's initial keys. */
    public static final WbiKeys FIXTURE_WBI_KEYS =
            new WbiKeys("653657f524a547ac981ded72ea172057", "6e4909c702f846728e64f6007736a338");
    /** Users with a mid at or above this value do not exist (the real site answers -404 for them). */
    public static final long FIRST_MISSING_MID = 1_000_000_000_000L;

    private volatile WbiKeys wbiKeys = FIXTURE_WBI_KEYS;
    private volatile Clock clock = Clock.systemUTC();
    private volatile long wtsToleranceSeconds = 300;
    private volatile long ticketTtlSeconds = 259_200;
    private volatile boolean requireDmParams = true;

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Set<String> activatedBuvid3 = ConcurrentHashMap.newKeySet();
    private final Set<Long> missingMids = ConcurrentHashMap.newKeySet();
    private final Set<Long> missingVideos = ConcurrentHashMap.newKeySet();
    private final Set<Long> invisibleVideos = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> ticketExpiry = new ConcurrentHashMap<>();

    private final AtomicLong navRequests = new AtomicLong();
    private final AtomicLong spiRequests = new AtomicLong();
    private final AtomicLong activationRequests = new AtomicLong();
    private final AtomicLong activationFailures = new AtomicLong();
    private final AtomicLong ticketRequests = new AtomicLong();
    private final AtomicLong signatureFailures = new AtomicLong();
    private final AtomicLong uploadRequests = new AtomicLong();

    /** A state with the defaults described on the class. */
    public FakeBilibiliState() {
        addAccount(DEFAULT_SESSDATA, DEFAULT_BILI_JCT, DEFAULT_MID);
    }

    // ---------------------------------------------------------------- WBI

    /**
     * The key pair currently published by nav and GenWebTicket.
     *
     * @return current keys
     */
    public WbiKeys currentWbiKeys() {
        return wbiKeys;
    }

    /**
     * Replaces the keys with fresh random ones; signatures made with the old keys stop verifying at once.
     *
     * @return the new keys
     */
    public WbiKeys rotateWbiKeys() {
        WbiKeys next = WbiKeys.random();
        wbiKeys = next;
        return next;
    }

    /**
     * Sets the keys explicitly (e.g. the keys of a test vector).
     *
     * @param keys the new keys
     */
    public void setWbiKeys(WbiKeys keys) {
        wbiKeys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * Checks a request's raw query string (as received, without {@code ?}) like bilibili does: {@code w_rid} must be
     * the md5 of the canonical query (sorted, {@code !'()*} stripped from values, {@code encodeURIComponent}) plus the
     * current mixin key, the raw query must be byte-identical to {@code canonical + "&w_rid=" + w_rid}, and
     * {@code wts} must be within the tolerance of server time. A failure increments {@link #signatureFailures()}.
     *
     * @param rawQuery the query as received; {@code null} or empty fails
     * @return the verdict with the first problem found
     */
    public WbiVerdict verifyWbi(String rawQuery) {
        WbiVerdict verdict = Wbi.verify(rawQuery, wbiKeys, nowSeconds(), wtsToleranceSeconds);
        if (!verdict.valid()) {
            signatureFailures.incrementAndGet();
        }
        return verdict;
    }

    /**
     * The check of a WBI-signed route that also needs an activated {@code buvid3} (acc/info, getDanmuInfo): the
     * signature first, then the activation. Either failure is answered with -352 by the real site.
     *
     * @param rawQuery the query as received
     * @param buvid3   the {@code buvid3} cookie value, may be {@code null}
     * @return the verdict with the first problem found
     */
    public WbiVerdict verifyWbiAndBuvid3(String rawQuery, String buvid3) {
        WbiVerdict verdict = verifyWbi(rawQuery);
        if (!verdict.valid()) {
            return verdict;
        }
        return isActivated(buvid3) ? verdict : WbiVerdict.fail("buvid3 cookie missing or not activated by ExClimbWuzhi");
    }

    /**
     * Sets how far {@code wts} may be from server time.
     *
     * @param tolerance non-negative duration, whole seconds are used
     */
    public void setWtsTolerance(Duration tolerance) {
        if (tolerance == null || tolerance.isNegative()) {
            throw new IllegalArgumentException("wts tolerance must be a non-negative duration, got " + tolerance);
        }
        wtsToleranceSeconds = tolerance.toSeconds();
    }

    /**
     * Sets the server clock used for {@code wts} freshness, bili_ticket {@code created_at}/expiry and cookies.
     *
     * @param clock the clock
     */
    public void setClock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    long nowSeconds() {
        return clock.millis() / 1000;
    }

    long nowMillis() {
        return clock.millis();
    }

    /**
     * Whether {@code /x/space/wbi/acc/info} also requires the {@code dm_img_list}, {@code dm_img_str},
     * {@code dm_cover_img_str} and {@code dm_img_inter} parameters (the real site answers -352 without them; the
     * reference client sends them for this endpoint). Default true.
     *
     * @param require false to accept requests without them
     */
    public void setRequireDmParams(boolean require) {
        requireDmParams = require;
    }

    boolean requireDmParams() {
        return requireDmParams;
    }

    // ---------------------------------------------------------------- accounts

    /**
     * Adds (or replaces, by SESSDATA) an account that counts as logged in.
     *
     * @param sessdata SESSDATA cookie value
     * @param biliJct  bili_jct cookie value (the CSRF token)
     * @param mid      user id reported by nav and used in upload URLs
     * @return the account
     * @throws IllegalArgumentException on blank values, characters not allowed in cookies, or {@code mid <= 0}
     */
    public Account addAccount(String sessdata, String biliJct, long mid) {
        Account account = new Account(sessdata, biliJct, mid);
        accounts.put(sessdata, account);
        return account;
    }

    /**
     * Removes the account with this SESSDATA (it becomes "not logged in"); unknown values are ignored.
     *
     * @param sessdata SESSDATA cookie value
     */
    public void removeAccount(String sessdata) {
        accounts.remove(Objects.requireNonNull(sessdata, "sessdata"));
    }

    /**
     * The account a SESSDATA cookie logs in as.
     *
     * @param sessdata cookie value, may be {@code null}
     * @return the account, or empty when not logged in
     */
    public Optional<Account> accountForSessdata(String sessdata) {
        return sessdata == null ? Optional.empty() : Optional.ofNullable(accounts.get(sessdata));
    }

    // ---------------------------------------------------------------- buvid activation

    /**
     * Whether ExClimbWuzhi has activated this {@code buvid3} (or a test did with {@link #activate(String)}).
     *
     * @param buvid3 cookie value, may be {@code null}
     * @return true when activated
     */
    public boolean isActivated(String buvid3) {
        return buvid3 != null && activatedBuvid3.contains(buvid3);
    }

    /**
     * Marks a {@code buvid3} as activated without going through ExClimbWuzhi.
     *
     * @param buvid3 cookie value
     */
    public void activate(String buvid3) {
        activatedBuvid3.add(Objects.requireNonNull(buvid3, "buvid3"));
    }

    /**
     * Forgets an activation, so routes that need an activated buvid3 answer -352 again.
     *
     * @param buvid3 cookie value
     */
    public void deactivate(String buvid3) {
        activatedBuvid3.remove(Objects.requireNonNull(buvid3, "buvid3"));
    }

    // ---------------------------------------------------------------- bili_ticket

    /**
     * Sets the {@code ttl} GenWebTicket reports (and after which {@link #isTicketValid(String)} turns false), to test
     * refresh logic with short lifetimes.
     *
     * @param ttl positive duration, whole seconds are used
     */
    public void setTicketTtl(Duration ttl) {
        if (ttl == null || ttl.toSeconds() <= 0) {
            throw new IllegalArgumentException("ticket ttl must be at least one second, got " + ttl);
        }
        ticketTtlSeconds = ttl.toSeconds();
    }

    /**
     * The ttl GenWebTicket reports.
     *
     * @return ttl in seconds
     */
    public long ticketTtlSeconds() {
        return ticketTtlSeconds;
    }

    /**
     * Whether a bili_ticket was issued by this fake and has not expired.
     *
     * @param ticket the ticket string, may be {@code null}
     * @return true when issued and unexpired
     */
    public boolean isTicketValid(String ticket) {
        Long expiry = ticket == null ? null : ticketExpiry.get(ticket);
        return expiry != null && nowSeconds() < expiry;
    }

    void recordTicket(String ticket, long expiresAt) {
        long now = nowSeconds();
        ticketExpiry.values().removeIf(expiry -> expiry <= now); // keeps the map bounded in long-running fakes
        ticketExpiry.put(ticket, expiresAt);
    }

    // ---------------------------------------------------------------- content configuration

    /**
     * Makes {@code /x/space/wbi/acc/info?mid=<mid>} answer -404 (mids at or above {@link #FIRST_MISSING_MID} always do).
     *
     * @param mid the user id
     */
    public void addMissingMid(long mid) {
        missingMids.add(mid);
    }

    boolean isMissingMid(long mid) {
        return mid <= 0 || mid >= FIRST_MISSING_MID || missingMids.contains(mid);
    }

    /**
     * Makes {@code /x/web-interface/view} answer -404 for this video.
     *
     * @param aid the video's aid
     */
    public void addMissingVideo(long aid) {
        missingVideos.add(aid);
    }

    /**
     * Makes {@code /x/web-interface/view} answer 62002 (稿件不可见) for this video.
     *
     * @param aid the video's aid
     */
    public void addInvisibleVideo(long aid) {
        invisibleVideos.add(aid);
    }

    boolean isMissingVideo(long aid) {
        return missingVideos.contains(aid);
    }

    boolean isInvisibleVideo(long aid) {
        return invisibleVideos.contains(aid);
    }

    // ---------------------------------------------------------------- counters

    /** @return requests to {@code /x/web-interface/nav} */
    public long navRequests() {
        return navRequests.get();
    }

    /** @return requests to {@code /x/frontend/finger/spi} */
    public long spiRequests() {
        return spiRequests.get();
    }

    /** @return requests to ExClimbWuzhi, accepted or not */
    public long activationRequests() {
        return activationRequests.get();
    }

    /** @return ExClimbWuzhi requests answered with the 130212 failure */
    public long activationFailures() {
        return activationFailures.get();
    }

    /** @return requests to GenWebTicket, accepted or not */
    public long ticketRequests() {
        return ticketRequests.get();
    }

    /** @return WBI checks that failed (on any signed route, including other modules' calls to {@link #verifyWbi}) */
    public long signatureFailures() {
        return signatureFailures.get();
    }

    /** @return requests to {@code /x/dynamic/feed/draw/upload_bfs} */
    public long uploadRequests() {
        return uploadRequests.get();
    }

    /** Sets every counter back to zero (keys, accounts and activations are kept). */
    public void resetCounters() {
        navRequests.set(0);
        spiRequests.set(0);
        activationRequests.set(0);
        activationFailures.set(0);
        ticketRequests.set(0);
        signatureFailures.set(0);
        uploadRequests.set(0);
    }

    void countNav() {
        navRequests.incrementAndGet();
    }

    void countSpi() {
        spiRequests.incrementAndGet();
    }

    void countActivation() {
        activationRequests.incrementAndGet();
    }

    void countActivationFailure() {
        activationFailures.incrementAndGet();
    }

    void countTicket() {
        ticketRequests.incrementAndGet();
    }

    void countUpload() {
        uploadRequests.incrementAndGet();
    }
}
