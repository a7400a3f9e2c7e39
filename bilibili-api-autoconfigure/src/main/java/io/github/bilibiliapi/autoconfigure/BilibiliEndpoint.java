package io.github.bilibiliapi.autoconfigure;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/bilibili}: what the auto-configuration chose for the HTTP client (backend, session origin, timeout,
 * masked proxy, TLS verification, SSL bundle). Exposed like any endpoint, with
 * {@code management.endpoints.web.exposure.include=bilibili}. Shows no secret.
 */
@Endpoint(id = "bilibili")
public final class BilibiliEndpoint {

    private final BilibiliClientReport report;

    /** @param report the report shown */
    public BilibiliEndpoint(BilibiliClientReport report) {
        this.report = report;
    }

    /**
     * Reads the report.
     *
     * @return backend, session, timeout, proxy, tls-verification, ssl-bundle
     */
    @ReadOperation
    public Map<String, Object> client() {
        return report.toMap();
    }
}
