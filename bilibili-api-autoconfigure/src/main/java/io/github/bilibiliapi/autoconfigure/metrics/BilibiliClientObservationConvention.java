package io.github.bilibiliapi.autoconfigure.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The naming and tagging of the {@code bilibili.client.requests} observation. Declare a bean of this type to replace
 * {@link DefaultBilibiliClientObservationConvention} (extend it to add or change a tag).
 */
public interface BilibiliClientObservationConvention extends ObservationConvention<BilibiliClientObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof BilibiliClientObservationContext;
    }
}
