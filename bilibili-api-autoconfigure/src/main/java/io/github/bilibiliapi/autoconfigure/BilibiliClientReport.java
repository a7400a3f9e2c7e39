package io.github.bilibiliapi.autoconfigure;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.support.ProxySpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the auto-configuration chose for the HTTP client: backend, where its session comes from, timeout, proxy
 * (credentials masked), TLS verification and SSL bundle. Logged once at startup as one INFO line and shown by the
 * Actuator {@code info} contributor and the {@code bilibili} endpoint. Holds no secret.
 *
 * @param backend      the backend's name ({@code okhttp}, {@code webclient}, {@code jdk} or a custom one)
 * @param session      where the HTTP session comes from: {@code own}, the application's bean as is, derived from it,
 *                     or the application's own {@code BiliApiClient} bean
 * @param timeout      the call timeout in force ({@code none (no deadline)} for zero), or {@code "the session's"}
 *                     when the application's session is used as is
 * @param proxy        the proxy URL with its credentials masked, {@code none}, or {@code "the session's"}
 * @param tlsVerification {@code on}, {@code off}, or {@code "the session's"}
 * @param sslBundle    the Spring SSL bundle applied, or {@code none}
 */
public record BilibiliClientReport(String backend, String session, String timeout, String proxy,
        String tlsVerification, String sslBundle) {

    private static final String SESSIONS_OWN = "the session's";

    static BilibiliClientReport of(BiliApiClient client, BilibiliProperties properties) {
        String session = BiliApiClientCreator.sessionOf(client);
        boolean asIs = session != null && session.endsWith(", as is");
        if (session == null) {
            session = "the application's " + BiliApiClient.class.getSimpleName() + " bean ("
                    + client.getClass().getName() + ")";
        }
        ClientSettings settings = client.settings();
        String proxy = settings.proxy().isEmpty() ? (settings.trustEnv() ? "none (environment honoured)" : "none")
                : ProxySpec.redact(settings.proxy());
        String bundle = properties.getRequest().getSsl().getBundle();
        return new BilibiliClientReport(client.backendName(), session,
                asIs ? SESSIONS_OWN : settings.hasTimeout() ? BilibiliPropertiesValidator.format(settings.timeout())
                        : "none (no deadline)",
                asIs ? SESSIONS_OWN : proxy, asIs ? SESSIONS_OWN : settings.verifySsl() ? "on" : "off",
                bundle == null || bundle.isBlank() ? "none" : bundle);
    }

    /**
     * Returns the report as an ordered map, the form Actuator shows.
     *
     * @return backend, session, timeout, proxy, tls-verification, ssl-bundle
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("backend", backend);
        map.put("session", session);
        map.put("timeout", timeout);
        map.put("proxy", proxy);
        map.put("tls-verification", tlsVerification);
        map.put("ssl-bundle", sslBundle);
        return map;
    }

    /**
     * Returns the startup line's text.
     *
     * @return {@code backend=..., session=..., ...}
     */
    @Override
    public String toString() {
        return "backend=" + backend + ", session=" + session + ", timeout=" + timeout + ", proxy=" + proxy
                + ", tls-verification=" + tlsVerification + ", ssl-bundle=" + sslBundle;
    }
}
