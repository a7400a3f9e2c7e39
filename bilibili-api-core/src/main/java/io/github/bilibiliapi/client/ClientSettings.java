package io.github.bilibiliapi.client;

import io.github.bilibiliapi.client.support.ProxySpec;
import java.time.Duration;
import java.util.Objects;

/**
 * The backend-neutral settings every client applies.
 *
 * @param proxy     {@code ""} for none, else {@code http://[user:pass@]host:port}, {@code https://...} or
 *                  {@code socks5://...}
 * @param timeout   the bound of a whole call; {@link Duration#ZERO} for no overall deadline, never negative
 * @param verifySsl whether TLS certificates and host names are verified
 * @param trustEnv  whether proxy environment variables and JVM proxy properties are honoured
 * @param maxResponseBytes the largest response body a client reads into memory; a larger one fails the call with a
 *                  {@link BiliClientException} naming the cap, without buffering past it. Positive; default
 *                  {@link #DEFAULT_MAX_RESPONSE_BYTES}
 * @param tls       trust and client certificate for HTTPS and WSS; {@link ClientTls#JVM_DEFAULT} by default
 * @param httpsToHttpRedirects whether a followed redirect may go from {@code https} to plain {@code http}
 *                  (default {@code false}: such a redirect fails the call)
 */
public record ClientSettings(String proxy, Duration timeout, boolean verifySsl, boolean trustEnv,
        int maxResponseBytes, ClientTls tls, boolean httpsToHttpRedirects) {

    /** The default response size cap: 64 MiB (bilibili's JSON answers are kilobytes; this only stops runaways). */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    /** The defaults: no proxy, 30 s, verify TLS, trust the environment, 64 MiB response cap. */
    public static final ClientSettings DEFAULTS = new ClientSettings("", Duration.ofSeconds(30), true, true);

    /**
     * Validates the settings; a malformed proxy URL fails here, before any I/O.
     *
     * @param proxy     the proxy URL or {@code ""}
     * @param timeout   the call timeout
     * @param verifySsl whether to verify TLS
     * @param trustEnv  whether to honour the environment's proxies
     * @param maxResponseBytes the response size cap in bytes
     * @param tls       the TLS material; {@code null} means {@link ClientTls#JVM_DEFAULT}
     * @param httpsToHttpRedirects whether redirects may leave https for http
     */
    public ClientSettings {
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative (zero means no deadline), got "
                    + timeout);
        }
        if (maxResponseBytes <= 0) {
            throw new IllegalArgumentException("maxResponseBytes must be positive, got " + maxResponseBytes);
        }
        proxy = proxy.strip();
        ProxySpec.parse(proxy); // validates
        tls = tls == null ? ClientTls.JVM_DEFAULT : tls;
    }

    /**
     * Settings with the JVM's TLS defaults and no https → http redirects.
     *
     * @param proxy     the proxy URL or {@code ""}
     * @param timeout   the call timeout
     * @param verifySsl whether to verify TLS
     * @param trustEnv  whether to honour the environment's proxies
     * @param maxResponseBytes the response size cap in bytes
     */
    public ClientSettings(String proxy, Duration timeout, boolean verifySsl, boolean trustEnv, int maxResponseBytes) {
        this(proxy, timeout, verifySsl, trustEnv, maxResponseBytes, ClientTls.JVM_DEFAULT, false);
    }

    /**
     * Settings with the default response size cap ({@link #DEFAULT_MAX_RESPONSE_BYTES}).
     *
     * @param proxy     the proxy URL or {@code ""}
     * @param timeout   the call timeout
     * @param verifySsl whether to verify TLS
     * @param trustEnv  whether to honour the environment's proxies
     */
    public ClientSettings(String proxy, Duration timeout, boolean verifySsl, boolean trustEnv) {
        this(proxy, timeout, verifySsl, trustEnv, DEFAULT_MAX_RESPONSE_BYTES);
    }

    /**
     * Returns a copy with another proxy.
     *
     * @param proxy the proxy URL or {@code ""}
     * @return the new settings
     */
    public ClientSettings withProxy(String proxy) {
        return new ClientSettings(proxy, timeout, verifySsl, trustEnv, maxResponseBytes, tls, httpsToHttpRedirects);
    }

    /**
     * Returns a copy with another timeout.
     *
     * @param timeout the call timeout
     * @return the new settings
     */
    public ClientSettings withTimeout(Duration timeout) {
        return new ClientSettings(proxy, timeout, verifySsl, trustEnv, maxResponseBytes, tls, httpsToHttpRedirects);
    }

    /**
     * Returns a copy with TLS verification on or off.
     *
     * @param verifySsl whether to verify TLS
     * @return the new settings
     */
    public ClientSettings withVerifySsl(boolean verifySsl) {
        return new ClientSettings(proxy, timeout, verifySsl, trustEnv, maxResponseBytes, tls, httpsToHttpRedirects);
    }

    /**
     * Returns a copy with environment proxies honoured or not.
     *
     * @param trustEnv whether to honour the environment's proxies
     * @return the new settings
     */
    public ClientSettings withTrustEnv(boolean trustEnv) {
        return new ClientSettings(proxy, timeout, verifySsl, trustEnv, maxResponseBytes, tls, httpsToHttpRedirects);
    }

    /**
     * Returns a copy with another response size cap.
     *
     * @param maxResponseBytes the largest response body read into memory, positive
     * @return the new settings
     */
    public ClientSettings withMaxResponseBytes(int maxResponseBytes) {
        return new ClientSettings(proxy, timeout, verifySsl, trustEnv, maxResponseBytes, tls, httpsToHttpRedirects);
    }

    /**
     * Returns a copy with other TLS material.
     *
     * @param tls the trust and key managers; {@code null} for the JVM defaults
     * @return the new settings
     */
    public ClientSettings withTls(ClientTls tls) {
        return new ClientSettings(proxy, timeout, verifySsl, trustEnv, maxResponseBytes, tls, httpsToHttpRedirects);
    }

    /**
     * Returns a copy that allows or refuses followed redirects from {@code https} to {@code http}.
     *
     * @param allow {@code true} to follow such redirects (credentials are dropped, as on any change of origin)
     * @return the new settings
     */
    public ClientSettings withHttpsToHttpRedirects(boolean allow) {
        return new ClientSettings(proxy, timeout, verifySsl, trustEnv, maxResponseBytes, tls, allow);
    }

    /**
     * Tells whether calls have an overall deadline.
     *
     * @return {@code false} when the timeout is zero
     */
    public boolean hasTimeout() {
        return !timeout.isZero();
    }

    /**
     * Returns the parsed proxy.
     *
     * @return the proxy, or {@code null} if none is set
     */
    public ProxySpec proxySpec() {
        return ProxySpec.parse(proxy);
    }

    @Override
    public String toString() {
        return "ClientSettings[proxy=" + ProxySpec.redact(proxy) + ", timeout=" + timeout + ", verifySsl=" + verifySsl
                + ", trustEnv=" + trustEnv + ", maxResponseBytes=" + maxResponseBytes
                + ", tls=" + tls + ", httpsToHttpRedirects=" + httpsToHttpRedirects + "]";
    }
}
