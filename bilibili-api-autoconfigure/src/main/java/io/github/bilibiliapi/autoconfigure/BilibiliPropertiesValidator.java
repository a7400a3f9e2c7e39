package io.github.bilibiliapi.autoconfigure;

import io.github.bilibiliapi.api.HostRedirect;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.support.ProxySpec;
import java.time.Duration;
import org.springframework.util.ClassUtils;
import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;

/**
 * Checks every {@code bilibili.*} value when the properties are bound, so that a bad one fails startup with Boot's
 * "APPLICATION FAILED TO START" report naming the property, the value and the reason (Boot's
 * {@code BindValidationFailureAnalyzer} prints the errors added here). The checks are core's own (settings records,
 * proxy parser, host redirection): nothing is validated twice in different ways. A value that may carry a secret (a
 * proxy URL with credentials) is reported masked.
 */
final class BilibiliPropertiesValidator {

    private static final String OKHTTP = "okhttp3.OkHttpClient";

    private static final String WEBCLIENT = "org.springframework.web.reactive.function.client.WebClient";

    private static final String REACTOR_NETTY = "reactor.netty.http.client.HttpClient";

    private BilibiliPropertiesValidator() {
    }

    static void validate(BilibiliProperties properties, Errors errors) {
        BilibiliProperties.Request request = properties.getRequest();
        String proxy = request.getProxy();
        if (proxy != null) {
            check(errors, "request.proxy", ProxySpec.redact(proxy), () -> {
                ProxySpec spec = ProxySpec.parse(proxy);
                if (spec != null && isJdkBackend(request) && spec.type() != ProxySpec.Type.HTTP) {
                    throw new IllegalArgumentException("the jdk backend (java.net.http.HttpClient) cannot use a "
                            + spec.type() + " proxy: use an http:// proxy, or the okhttp or webclient backend");
                }
            });
        }
        Duration timeout = request.getTimeout();
        if (timeout != null) {
            check(errors, "request.timeout", format(timeout), () -> ClientSettings.DEFAULTS.withTimeout(timeout));
        }
        if (request.getWbiRetryTimes() != null && request.getWbiRetryTimes() < 0) {
            reject(errors, "request.wbi-retry-times", request.getWbiRetryTimes(), "must be 0 or more");
        }
        Duration ttl = request.getWbiKeyTtl();
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            reject(errors, "request.wbi-key-ttl", format(ttl), "must be positive");
        }
        if (request.getUserAgent() != null && request.getUserAgent().isBlank()) {
            reject(errors, "request.user-agent", request.getUserAgent(), "must not be blank (leave it unset for the "
                    + "default)");
        }
        BilibiliProperties.HostRedirect redirect = request.getHostRedirect();
        String baseUrl = redirect.getBaseUrl();
        if (baseUrl != null && !baseUrl.isBlank()) {
            check(errors, "request.host-redirect.base-url", baseUrl, () -> HostRedirect.to(baseUrl.strip()));
            if (!redirect.getHosts().isEmpty()) {
                check(errors, "request.host-redirect.hosts", String.join(",", redirect.getHosts()),
                        () -> HostRedirect.to(baseUrl.strip(), redirect.getHosts()));
            }
        }
        if (properties.getMetrics().getMaxUriTags() <= 0) {
            reject(errors, "metrics.max-uri-tags", properties.getMetrics().getMaxUriTags(), "must be positive");
        }
    }

    /**
     * Whether the JDK backend will serve: named, or {@code auto} with neither OkHttp nor WebClient + Reactor Netty on
     * the classpath (the order of {@link BilibiliClientConfigurations}).
     */
    private static boolean isJdkBackend(BilibiliProperties.Request request) {
        String backend = request.getBackend();
        if (!"auto".equals(backend)) {
            return "jdk".equals(backend);
        }
        ClassLoader loader = BilibiliPropertiesValidator.class.getClassLoader();
        return !ClassUtils.isPresent(OKHTTP, loader)
                && !(ClassUtils.isPresent(WEBCLIENT, loader) && ClassUtils.isPresent(REACTOR_NETTY, loader));
    }

    private static void check(Errors errors, String field, Object shownValue, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            reject(errors, field, shownValue, e.getMessage());
        }
    }

    private static void reject(Errors errors, String field, Object shownValue, String reason) {
        // the value shown is given here, not read back from the bean, so that secrets can be masked
        if (errors instanceof BindingResult result) {
            result.addError(new FieldError(errors.getObjectName(), field, shownValue, false, new String[] {"invalid"},
                    null, reason));
        } else {
            errors.rejectValue(field, "invalid", reason);
        }
    }

    /** A duration as it is usually written in properties ({@code 500ms}, {@code 10s}, {@code -1s}). */
    static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toMillisPart() != 0 || d.getNano() % 1_000_000 != 0) {
            return d.getNano() % 1_000_000 == 0 ? d.toMillis() + "ms" : d.toNanos() + "ns";
        }
        return d.toSeconds() + "s";
    }
}
