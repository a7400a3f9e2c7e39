package io.github.bilibiliapi.autoconfigure.live;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.autoconfigure.BilibiliAutoConfiguration;
import io.github.bilibiliapi.live.open.OpenLiveClient;
import java.util.Locale;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * bilibili's live Open Platform: an {@link OpenLiveClient} bean on the application's {@link BiliContext} (its
 * backend and host redirection) when {@code bilibili.open-live.app-id} is set. The client ends every game it still
 * runs when the context closes. The keys are masked in the actuator's {@code configprops} and {@code env}.
 */
@AutoConfiguration(after = BilibiliAutoConfiguration.class)
@ConditionalOnClass(OpenLiveClient.class)
@EnableConfigurationProperties(BilibiliOpenLiveProperties.class)
public class BilibiliOpenLiveAutoConfiguration {

    /**
     * The Open Platform client.
     *
     * @param context    the context
     * @param properties {@code bilibili.open-live.*}
     * @return the client
     * @throws IllegalArgumentException naming the property when a key is missing
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnBean(BiliContext.class)
    @ConditionalOnProperty(prefix = "bilibili.open-live", name = "app-id")
    public OpenLiveClient bilibiliOpenLiveClient(BiliContext context, BilibiliOpenLiveProperties properties) {
        Long appId = properties.getAppId();
        if (appId == null || appId <= 0) {
            throw new IllegalArgumentException("bilibili.open-live.app-id must be a positive project id");
        }
        if (properties.getAccessKeyId() == null || properties.getAccessKeyId().isBlank()) {
            throw new IllegalArgumentException("bilibili.open-live.access-key-id must be set with "
                    + "bilibili.open-live.app-id");
        }
        if (properties.getAccessKeySecret() == null || properties.getAccessKeySecret().isBlank()) {
            throw new IllegalArgumentException("bilibili.open-live.access-key-secret must be set with "
                    + "bilibili.open-live.app-id");
        }
        OpenLiveClient.Builder b = OpenLiveClient.builder(context, appId, properties.getAccessKeyId(),
                properties.getAccessKeySecret());
        if (properties.getHeartbeatInterval() != null) {
            b.heartbeatInterval(properties.getHeartbeatInterval());
        }
        return b.build();
    }

    /** Masks the keys in the actuator, whatever {@code show-values} says. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SanitizingFunction.class)
    static class Sanitizing {

        @Bean
        SanitizingFunction bilibiliOpenLiveSanitizingFunction() {
            return Sanitizing::sanitize;
        }

        static SanitizableData sanitize(SanitizableData data) {
            // relaxed forms: bilibili.open-live.access-key-secret, BILIBILI_OPENLIVE_ACCESSKEYSECRET, ...accessKeyId
            String key = data.getKey().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
            if (key.equals("bilibiliopenliveaccesskeysecret") || key.equals("bilibiliopenliveaccesskeyid")) {
                return data.withSanitizedValue();
            }
            return data;
        }
    }
}
