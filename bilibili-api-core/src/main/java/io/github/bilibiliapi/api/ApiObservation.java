package io.github.bilibiliapi.api;

/** One running exchange, see {@link ApiObserver}. */
@FunctionalInterface
public interface ApiObservation {

    /** @param outcome how the exchange ended; called exactly once */
    void stop(ApiCallOutcome outcome);
}
