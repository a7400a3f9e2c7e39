package io.github.bilibiliapi.autoconfigure;

import io.github.bilibiliapi.client.ClientSettings;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of the bilibili client under the {@code bilibili} prefix: {@code bilibili.request.*} (backend, HTTP
 * settings and the Api layer's request settings), {@code bilibili.credential.*} (the login cookies) and
 * {@code bilibili.metrics.*}.
 *
 * <p>One class for the three prefixes so that {@code /actuator/configprops} shows the whole configuration as one
 * entry. The HTTP settings ({@code proxy}, {@code timeout}, {@code verify-ssl}, {@code trust-env},
 * {@code max-response-bytes}) and the Api settings are nullable: {@code null} means "not set by the user", which
 * matters when the application supplies its own HTTP session (only explicitly set values are applied to it); the
 * defaults are applied in code and documented in the configuration metadata.
 *
 * <p>Every value is checked when it is bound (this class is its own {@link Validator}, which Boot's binder calls), so
 * a bad one fails startup with a report naming the property, the value (masked when it may hold a secret) and the
 * reason. Durations written without a unit are seconds.
 */
@ConfigurationProperties("bilibili")
public class BilibiliProperties implements Validator {

    private final Request request = new Request();

    private final Credential credential = new Credential();

    private final Metrics metrics = new Metrics();

    /**
     * Returns the request settings.
     *
     * @return {@code bilibili.request.*}
     */
    public Request getRequest() {
        return request;
    }

    /**
     * Returns the credential.
     *
     * @return {@code bilibili.credential.*}
     */
    public Credential getCredential() {
        return credential;
    }

    /**
     * Returns the metrics settings.
     *
     * @return {@code bilibili.metrics.*}
     */
    public Metrics getMetrics() {
        return metrics;
    }

    /**
     * Tells the binder which objects this validator checks.
     *
     * @param type a class
     * @return whether it is this class
     */
    @Override
    public boolean supports(Class<?> type) {
        return BilibiliProperties.class.isAssignableFrom(type);
    }

    /**
     * Checks the bound values (called by Boot's binder).
     *
     * @param target this object
     * @param errors where the invalid values are reported
     */
    @Override
    public void validate(Object target, Errors errors) {
        BilibiliPropertiesValidator.validate((BilibiliProperties) target, errors);
    }

    /** The HTTP backend to use. */
    public enum Backend {
        /** The first available of OkHttp, WebClient (Reactor Netty), JDK HttpClient. */
        AUTO,
        /** OkHttp ({@code com.squareup.okhttp3:okhttp-jvm}). */
        OKHTTP,
        /** Spring WebClient on Reactor Netty ({@code org.springframework:spring-webflux}). */
        WEBCLIENT,
        /** The JDK's {@code java.net.http.HttpClient}. */
        JDK
    }

    /** {@code bilibili.request.*}: the backend, its HTTP settings and the Api layer's request settings. */
    public static class Request {

        /**
         * HTTP backend: auto picks the first available of okhttp, webclient, jdk; naming one forces it (startup fails
         * when its library is missing). Any other name selects the BiliApiClientProvider of that name found with
         * ServiceLoader (for example the sample's jetty); an unknown name fails startup, listing the available ones.
         */
        private String backend = "auto";

        /**
         * Proxy URL: empty for none, else http://[user:pass@]host:port, https://host:port or
         * socks5://[user:pass@]host:port. Default: none.
         */
        private String proxy;

        /**
         * Bound of a whole HTTP call (connect, send, wait, read); positive. Without a unit the value is seconds (10 =
         * 10s; write 500ms for milliseconds). Default: 30s.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration timeout;

        /** Whether TLS certificates and host names are verified. Default: true. */
        private Boolean verifySsl;

        /**
         * Whether proxy environment variables (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY) and the JVM proxy
         * properties are honoured when no proxy is set. Default: true.
         */
        private Boolean trustEnv;

        /**
         * Largest response body read into memory (bytes, or with a unit: 512KB, 8MB); a larger body fails the call
         * with an exception naming the cap. Positive, at most 2147483647B (2GB minus one byte). The library's own
         * read limit: it applies with the application's HTTP session too. Default: 64MB.
         */
        private DataSize maxResponseBytes;

        /** How many times a WBI request rejected with -403/-352 is retried after refreshing the key. Default: 3. */
        private Integer wbiRetryTimes;

        /**
         * Least time between two requests to one bilibili host, shared by every call of the context (a per-host
         * token bucket), so long paging loops do not trip -412. Zero or unset: no pacing. Default: none.
         */
        private Duration minInterval;

        /** Whether a buvid3/buvid4 is obtained and activated when the credential has none. Default: true. */
        private Boolean enableAutoBuvid;

        /** Whether a bili_ticket is obtained and sent as a cookie. Default: false. */
        private Boolean enableBiliTicket;

        /** How long WBI keys are trusted before nav is read again; without a unit, seconds. Default: 1h. */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration wbiKeyTtl;

        /** User-Agent sent when an endpoint sets none. Default: a desktop browser's. */
        private String userAgent;

        private final HostRedirect hostRedirect = new HostRedirect();

        private final Ssl ssl = new Ssl();

        /** @return the backend's name, lower case: auto, okhttp, webclient, jdk or a provider's name */
        public String getBackend() {
            return backend;
        }

        /** @param backend the backend's name (case-insensitive) */
        public void setBackend(String backend) {
            this.backend = OnBackendCondition.normalize(backend);
        }

        /** @return the proxy URL, or {@code null} if not set */
        public String getProxy() {
            return proxy;
        }

        /** @param proxy the proxy URL */
        public void setProxy(String proxy) {
            this.proxy = proxy;
        }

        /** @return the call timeout, or {@code null} if not set */
        public Duration getTimeout() {
            return timeout;
        }

        /** @param timeout the call timeout */
        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        /** @return whether to verify TLS, or {@code null} if not set */
        public Boolean getVerifySsl() {
            return verifySsl;
        }

        /** @param verifySsl whether to verify TLS */
        public void setVerifySsl(Boolean verifySsl) {
            this.verifySsl = verifySsl;
        }

        /** @return whether to honour environment proxies, or {@code null} if not set */
        public Boolean getTrustEnv() {
            return trustEnv;
        }

        /** @param trustEnv whether to honour environment proxies */
        public void setTrustEnv(Boolean trustEnv) {
            this.trustEnv = trustEnv;
        }

        /** @return the per-host minimum interval between requests, or {@code null} if not set */
        public Duration getMinInterval() {
            return minInterval;
        }

        /**
         * Sets the per-host pacing; checked here so that a negative value fails binding (startup).
         *
         * @param minInterval the interval, or {@code null} for none
         * @throws IllegalArgumentException if it is negative
         */
        public void setMinInterval(Duration minInterval) {
            if (minInterval != null && minInterval.isNegative()) {
                throw new IllegalArgumentException("bilibili.request.min-interval must not be negative, got "
                        + minInterval);
            }
            this.minInterval = minInterval;
        }

        /** @return the response size cap, or {@code null} if not set */
        public DataSize getMaxResponseBytes() {
            return maxResponseBytes;
        }

        /**
         * Sets the response size cap; checked here so that a bad value fails binding (startup), not the first request.
         *
         * @param maxResponseBytes the cap, or {@code null} for the default
         * @throws IllegalArgumentException if it is not positive or larger than {@link Integer#MAX_VALUE} bytes
         */
        public void setMaxResponseBytes(DataSize maxResponseBytes) {
            if (maxResponseBytes != null
                    && (maxResponseBytes.toBytes() <= 0 || maxResponseBytes.toBytes() > Integer.MAX_VALUE)) {
                throw new IllegalArgumentException("bilibili.request.max-response-bytes must be positive and at most "
                        + Integer.MAX_VALUE + "B (2GB minus one byte), got " + maxResponseBytes);
            }
            this.maxResponseBytes = maxResponseBytes;
        }

        /** @return WBI retries, or {@code null} if not set */
        public Integer getWbiRetryTimes() {
            return wbiRetryTimes;
        }

        /** @param wbiRetryTimes WBI retries */
        public void setWbiRetryTimes(Integer wbiRetryTimes) {
            this.wbiRetryTimes = wbiRetryTimes;
        }

        /** @return whether buvid is obtained automatically, or {@code null} if not set */
        public Boolean getEnableAutoBuvid() {
            return enableAutoBuvid;
        }

        /** @param enableAutoBuvid whether buvid is obtained automatically */
        public void setEnableAutoBuvid(Boolean enableAutoBuvid) {
            this.enableAutoBuvid = enableAutoBuvid;
        }

        /** @return whether bili_ticket is used, or {@code null} if not set */
        public Boolean getEnableBiliTicket() {
            return enableBiliTicket;
        }

        /** @param enableBiliTicket whether bili_ticket is used */
        public void setEnableBiliTicket(Boolean enableBiliTicket) {
            this.enableBiliTicket = enableBiliTicket;
        }

        /** @return the WBI key time-to-live, or {@code null} if not set */
        public Duration getWbiKeyTtl() {
            return wbiKeyTtl;
        }

        /** @param wbiKeyTtl the WBI key time-to-live */
        public void setWbiKeyTtl(Duration wbiKeyTtl) {
            this.wbiKeyTtl = wbiKeyTtl;
        }

        /** @return the default User-Agent, or {@code null} if not set */
        public String getUserAgent() {
            return userAgent;
        }

        /** @param userAgent the default User-Agent */
        public void setUserAgent(String userAgent) {
            this.userAgent = userAgent;
        }

        /** @return the host redirection */
        public HostRedirect getHostRedirect() {
            return hostRedirect;
        }

        /** @return the TLS material settings */
        public Ssl getSsl() {
            return ssl;
        }

        /**
         * Returns the client settings: the values set here over {@link ClientSettings#DEFAULTS}.
         *
         * @return validated settings
         * @throws IllegalArgumentException if a value is invalid (for example a malformed proxy URL)
         */
        public ClientSettings toClientSettings() {
            ClientSettings s = ClientSettings.DEFAULTS;
            if (proxy != null) {
                s = s.withProxy(proxy);
            }
            if (timeout != null) {
                s = s.withTimeout(timeout);
            }
            if (verifySsl != null) {
                s = s.withVerifySsl(verifySsl);
            }
            if (trustEnv != null) {
                s = s.withTrustEnv(trustEnv);
            }
            if (maxResponseBytes != null) {
                s = s.withMaxResponseBytes(Math.toIntExact(maxResponseBytes.toBytes())); // range checked by the setter
            }
            return s;
        }
    }

    /** {@code bilibili.request.ssl.*}: TLS material of the client's own session. */
    public static class Ssl {

        /**
         * Name of a Spring SSL bundle (spring.ssl.bundle.*) for the client's HTTPS and WSS connections (custom
         * trust store, client certificate). Not applied yet: setting it fails startup with a report saying so.
         * Default: none (the JVM's trust store).
         */
        private String bundle;

        /** @return the SSL bundle name, or {@code null} */
        public String getBundle() {
            return bundle;
        }

        /** @param bundle the SSL bundle name */
        public void setBundle(String bundle) {
            this.bundle = bundle;
        }
    }

    /** {@code bilibili.request.host-redirect.*}: send requests aimed at bilibili hosts to another base URL. */
    public static class HostRedirect {

        /**
         * Base URL (http(s)://host[:port][/path]) that requests to the redirected hosts go to instead, for example a
         * fake server or a gateway. Default: none (no redirection).
         */
        private String baseUrl;

        /**
         * Host names (exact, or *.suffix) to redirect. Default: the bilibili hosts this library calls, danmaku hosts
         * included.
         */
        private List<String> hosts = new ArrayList<>();

        /** @return the base URL, or {@code null} */
        public String getBaseUrl() {
            return baseUrl;
        }

        /** @param baseUrl the base URL */
        public void setBaseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        /** @return the redirected host patterns; empty means the default set */
        public List<String> getHosts() {
            return hosts;
        }

        /** @param hosts the redirected host patterns */
        public void setHosts(List<String> hosts) {
            this.hosts = hosts;
        }
    }

    /**
     * {@code bilibili.credential.*}: the login cookies, copied from a browser. Masked in {@code /actuator/configprops}
     * and {@code /actuator/env}; never logged ({@link #toString()} shows which are set, not their values).
     */
    public static class Credential {

        /** SESSDATA cookie (the login session). */
        private String sessdata;

        /** bili_jct cookie (the CSRF token, needed by write operations). */
        private String biliJct;

        /** buvid3 cookie (device id). Obtained automatically when absent and enable-auto-buvid is on. */
        private String buvid3;

        /** buvid4 cookie (device id). */
        private String buvid4;

        /** DedeUserID cookie (the user's mid). */
        private String dedeuserid;

        /** ac_time_value (the refresh token). */
        private String acTimeValue;

        /** @return SESSDATA */
        public String getSessdata() {
            return sessdata;
        }

        /** @param sessdata SESSDATA */
        public void setSessdata(String sessdata) {
            this.sessdata = sessdata;
        }

        /** @return bili_jct */
        public String getBiliJct() {
            return biliJct;
        }

        /** @param biliJct bili_jct */
        public void setBiliJct(String biliJct) {
            this.biliJct = biliJct;
        }

        /** @return buvid3 */
        public String getBuvid3() {
            return buvid3;
        }

        /** @param buvid3 buvid3 */
        public void setBuvid3(String buvid3) {
            this.buvid3 = buvid3;
        }

        /** @return buvid4 */
        public String getBuvid4() {
            return buvid4;
        }

        /** @param buvid4 buvid4 */
        public void setBuvid4(String buvid4) {
            this.buvid4 = buvid4;
        }

        /** @return DedeUserID */
        public String getDedeuserid() {
            return dedeuserid;
        }

        /** @param dedeuserid DedeUserID */
        public void setDedeuserid(String dedeuserid) {
            this.dedeuserid = dedeuserid;
        }

        /** @return ac_time_value */
        public String getAcTimeValue() {
            return acTimeValue;
        }

        /** @param acTimeValue ac_time_value */
        public void setAcTimeValue(String acTimeValue) {
            this.acTimeValue = acTimeValue;
        }

        @Override
        public String toString() {
            return "Credential[sessdata=" + mark(sessdata) + ", biliJct=" + mark(biliJct) + ", buvid3=" + mark(buvid3)
                    + ", buvid4=" + mark(buvid4) + ", dedeuserid=" + mark(dedeuserid) + ", acTimeValue="
                    + mark(acTimeValue) + "]";
        }

        private static String mark(String value) {
            return value == null || value.isBlank() ? "<none>" : "******";
        }
    }

    /** {@code bilibili.metrics.*}. */
    public static class Metrics {

        /**
         * Whether requests are recorded as the bilibili.client.requests observation and WebSocket traffic as meters
         * (needs an ObservationRegistry or MeterRegistry).
         */
        private boolean enabled = true;

        /**
         * Maximum number of distinct uri tag values of bilibili.client.requests; further values are not recorded (a
         * warning is logged once).
         */
        private int maxUriTags = 100;

        /** @return whether metrics are recorded */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether metrics are recorded */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the cap on distinct uri tags */
        public int getMaxUriTags() {
            return maxUriTags;
        }

        /** @param maxUriTags the cap on distinct uri tags */
        public void setMaxUriTags(int maxUriTags) {
            this.maxUriTags = maxUriTags;
        }
    }
}
