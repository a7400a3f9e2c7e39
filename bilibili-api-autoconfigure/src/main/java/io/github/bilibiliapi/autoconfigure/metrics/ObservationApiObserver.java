package io.github.bilibiliapi.autoconfigure.metrics;

import io.github.bilibiliapi.api.ApiCallInfo;
import io.github.bilibiliapi.api.ApiObservation;
import io.github.bilibiliapi.api.ApiObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;

/**
 * Records each exchange of a {@link io.github.bilibiliapi.api.BiliContext} as a {@code bilibili.client.requests}
 * {@link Observation} (with Micrometer's meter handler: a timer and a {@code .active} long task timer).
 */
public final class ObservationApiObserver implements ApiObserver {

    private static final BilibiliClientObservationConvention DEFAULT = new DefaultBilibiliClientObservationConvention();

    private final ObservationRegistry registry;

    private final BilibiliClientObservationConvention convention;

    /**
     * Creates the observer.
     *
     * @param registry   where observations are recorded
     * @param convention a custom convention, or {@code null} for {@link DefaultBilibiliClientObservationConvention}
     */
    public ObservationApiObserver(ObservationRegistry registry, BilibiliClientObservationConvention convention) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.convention = convention;
    }

    @Override
    public ApiObservation start(ApiCallInfo info) {
        BilibiliClientObservationContext context = new BilibiliClientObservationContext(info);
        Observation observation = Observation.createNotStarted(convention, DEFAULT, () -> context, registry).start();
        return outcome -> {
            context.setOutcome(outcome);
            if (outcome.error() != null) {
                observation.error(outcome.error());
            }
            observation.stop();
        };
    }
}
