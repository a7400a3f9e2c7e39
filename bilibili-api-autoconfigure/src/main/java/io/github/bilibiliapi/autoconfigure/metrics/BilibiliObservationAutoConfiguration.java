package io.github.bilibiliapi.autoconfigure.metrics;

import io.github.bilibiliapi.api.ApiObserver;
import io.github.bilibiliapi.autoconfigure.BilibiliAutoConfiguration;
import io.github.bilibiliapi.autoconfigure.BilibiliProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.MaximumAllowableTagsMeterFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Records every bilibili HTTP exchange as the {@code bilibili.client.requests} observation (a timer plus
 * {@code bilibili.client.requests.active} through Boot's meter observation handler) when an
 * {@link ObservationRegistry} bean exists, or directly on the {@link MeterRegistry} bean when only that exists; and
 * the WebSocket meters when a {@link MeterRegistry} exists. Off with {@code bilibili.metrics.enabled=false}.
 */
@AutoConfiguration(before = BilibiliAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ApiObserver.class, ObservationRegistry.class})
@ConditionalOnProperty(prefix = "bilibili.metrics", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(BilibiliProperties.class)
public class BilibiliObservationAutoConfiguration {

    /** With an {@link ObservationRegistry} (Boot's actuator, or the application's). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(ObservationRegistry.class)
    static class ObservationRegistryConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "bilibiliObservationApiObserver")
        ObservationApiObserver bilibiliObservationApiObserver(ObservationRegistry registry,
                ObjectProvider<BilibiliClientObservationConvention> convention) {
            return new ObservationApiObserver(registry, convention.getIfUnique());
        }
    }

    /** With only a {@link MeterRegistry}: a private observation registry feeding it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnMissingBean(ObservationRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class MeterRegistryOnlyConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "bilibiliObservationApiObserver")
        ObservationApiObserver bilibiliObservationApiObserver(MeterRegistry meterRegistry,
                BilibiliProperties properties, ObjectProvider<BilibiliClientObservationConvention> convention) {
            // no Boot MeterRegistryPostProcessor applies MeterFilter beans here: apply the uri cap directly
            meterRegistry.config().meterFilter(MeterFilter.maximumAllowableTags(
                    DefaultBilibiliClientObservationConvention.NAME, "uri",
                    properties.getMetrics().getMaxUriTags(), MeterFilter.deny()));
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meterRegistry));
            return new ObservationApiObserver(registry, convention.getIfUnique());
        }
    }

    /** Caps the distinct {@code uri} tags; Boot's meter registry post-processor applies {@link MeterFilter} beans. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, MaximumAllowableTagsMeterFilter.class})
    @ConditionalOnBean(MeterRegistry.class)
    static class UriTagsFilterConfiguration {

        @Bean
        MeterFilter bilibiliClientRequestsUriTagsFilter(BilibiliProperties properties) {
            return new MaximumAllowableTagsMeterFilter(DefaultBilibiliClientObservationConvention.NAME, "uri",
                    properties.getMetrics().getMaxUriTags());
        }
    }

    /** WebSocket meters. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class WebSocketMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        BilibiliWebSocketMetrics bilibiliWebSocketMetrics(MeterRegistry registry) {
            return new BilibiliWebSocketMetrics(registry);
        }
    }
}
