package io.github.bilibiliapi.autoconfigure;

import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator views of {@link BilibiliClientReport}: an {@code info} contributor ({@code /actuator/info} shows a
 * {@code bilibili} entry) and a read-only {@code bilibili} endpoint ({@code /actuator/bilibili}, exposed like any other
 * endpoint with {@code management.endpoints.web.exposure.include}). Neither shows a secret.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(InfoContributor.class)
class BilibiliActuatorConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "bilibiliInfoContributor")
    InfoContributor bilibiliInfoContributor(BilibiliClientReport report) {
        return builder -> builder.withDetail("bilibili", report.toMap());
    }

    @Bean
    @ConditionalOnMissingBean
    BilibiliEndpoint bilibiliEndpoint(BilibiliClientReport report) {
        return new BilibiliEndpoint(report);
    }
}
