package io.github.bilibiliapi.autoconfigure.metrics;

import io.github.bilibiliapi.api.ApiCallInfo;
import io.github.bilibiliapi.api.ApiCallOutcome;
import io.micrometer.observation.Observation;
import java.util.Objects;

/**
 * The {@link Observation.Context} of one bilibili HTTP exchange: what was sent ({@link ApiCallInfo}: method, scheme,
 * host, path without query, backend) and, once it ended, how ({@link ApiCallOutcome}: HTTP status, bilibili's JSON
 * code, error). Carries no query string and no secret.
 */
public class BilibiliClientObservationContext extends Observation.Context {

    private final ApiCallInfo info;

    private volatile ApiCallOutcome outcome;

    /**
     * Creates the context of an exchange about to be sent.
     *
     * @param info what is sent
     */
    public BilibiliClientObservationContext(ApiCallInfo info) {
        this.info = Objects.requireNonNull(info, "info");
    }

    /**
     * Returns what is sent.
     *
     * @return the call's method, scheme, host, path and backend
     */
    public ApiCallInfo getInfo() {
        return info;
    }

    /**
     * Returns how the exchange ended.
     *
     * @return the outcome, or {@code null} while it runs
     */
    public ApiCallOutcome getOutcome() {
        return outcome;
    }

    /**
     * Records how the exchange ended.
     *
     * @param outcome the outcome
     */
    public void setOutcome(ApiCallOutcome outcome) {
        this.outcome = outcome;
    }
}
