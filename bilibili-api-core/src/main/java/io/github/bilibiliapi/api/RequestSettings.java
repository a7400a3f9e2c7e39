package io.github.bilibiliapi.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the Api layer (the HTTP settings — proxy, timeout,
 * TLS — belong to the client, see {@link io.github.bilibiliapi.client.ClientSettings}).
 *
 * @param wbiRetryTimes   how many times a WBI request rejected with -403/-352 is retried after refreshing the key
 *                        (default 3; 0 disables the retry)
 * @param enableAutoBuvid obtain and activate a buvid3/buvid4 when the credential has none (default true)
 * @param enableBiliTicket obtain a bili_ticket and send it as a cookie (default false)
 * @param hostRedirect    where bilibili hosts are sent (default {@link HostRedirect#none()})
 * @param wbiKeyTtl       how long WBI keys are trusted before re-reading nav (default 1 hour; they rotate daily)
 * @param userAgent       the User-Agent sent when the {@link Api} sets none
 */
public record RequestSettings(int wbiRetryTimes, boolean enableAutoBuvid, boolean enableBiliTicket,
        HostRedirect hostRedirect, Duration wbiKeyTtl, String userAgent) {

    /** The desktop browser User-Agent sent by default. */
    public static final String DEFAULT_USER_AGENT = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
            + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";

    /** Defaults: 3 retries, auto buvid on, bili_ticket off, no redirection, 1 hour key TTL, a browser UA. */
    public static final RequestSettings DEFAULTS = new RequestSettings(3, true, false, HostRedirect.none(),
            Duration.ofHours(1), DEFAULT_USER_AGENT);

    /** Validates the values. */
    public RequestSettings {
        if (wbiRetryTimes < 0) {
            throw new IllegalArgumentException("wbiRetryTimes must be >= 0, got " + wbiRetryTimes);
        }
        Objects.requireNonNull(hostRedirect, "hostRedirect");
        Objects.requireNonNull(wbiKeyTtl, "wbiKeyTtl");
        if (wbiKeyTtl.isNegative() || wbiKeyTtl.isZero()) {
            throw new IllegalArgumentException("wbiKeyTtl must be positive, got " + wbiKeyTtl);
        }
        if (userAgent == null || userAgent.isBlank()) {
            throw new IllegalArgumentException("userAgent must not be blank");
        }
    }

    /** @return a builder starting from {@link #DEFAULTS} */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** @return a builder starting from these settings */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builder for {@link RequestSettings}. */
    public static final class Builder {
        private int wbiRetryTimes;
        private boolean enableAutoBuvid;
        private boolean enableBiliTicket;
        private HostRedirect hostRedirect;
        private Duration wbiKeyTtl;
        private String userAgent;

        private Builder(RequestSettings s) {
            wbiRetryTimes = s.wbiRetryTimes;
            enableAutoBuvid = s.enableAutoBuvid;
            enableBiliTicket = s.enableBiliTicket;
            hostRedirect = s.hostRedirect;
            wbiKeyTtl = s.wbiKeyTtl;
            userAgent = s.userAgent;
        }

        /** @param v retries after a WBI rejection @return this */
        public Builder wbiRetryTimes(int v) {
            wbiRetryTimes = v;
            return this;
        }

        /** @param v obtain/activate buvid3 automatically @return this */
        public Builder enableAutoBuvid(boolean v) {
            enableAutoBuvid = v;
            return this;
        }

        /** @param v obtain and send bili_ticket @return this */
        public Builder enableBiliTicket(boolean v) {
            enableBiliTicket = v;
            return this;
        }

        /** @param v the host redirection @return this */
        public Builder hostRedirect(HostRedirect v) {
            hostRedirect = v;
            return this;
        }

        /** @param baseUrl redirect {@link HostRedirect#DEFAULT_HOSTS} to this base URL @return this */
        public Builder redirectTo(String baseUrl) {
            hostRedirect = HostRedirect.to(baseUrl);
            return this;
        }

        /** @param v WBI key time-to-live @return this */
        public Builder wbiKeyTtl(Duration v) {
            wbiKeyTtl = v;
            return this;
        }

        /** @param v default User-Agent @return this */
        public Builder userAgent(String v) {
            userAgent = v;
            return this;
        }

        /** @return the settings */
        public RequestSettings build() {
            return new RequestSettings(wbiRetryTimes, enableAutoBuvid, enableBiliTicket, hostRedirect, wbiKeyTtl,
                    userAgent);
        }
    }
}
