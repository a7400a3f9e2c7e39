package io.github.bilibiliapi.api;

/**
 * Metrics hook: told about every HTTP exchange a {@link BiliContext} performs, including its internal nav, spi,
 * activation and ticket calls. The default is a no-op; the Spring Boot auto-configuration builds Micrometer timers
 * on it.
 */
@FunctionalInterface
public interface ApiObserver {

    /** An observer that does nothing. */
    ApiObserver NOOP = info -> outcome -> { };

    /**
     * @param info what is about to be sent (no query string, no secrets)
     * @return the observation to stop when the exchange ends
     */
    ApiObservation start(ApiCallInfo info);
}
