package io.github.bilibiliapi.autoconfigure;

import io.github.bilibiliapi.client.BiliApiClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the bilibili client: a {@link BiliApiClient} on the first available backend (see
 * {@link BilibiliClientConfigurations}), configured by {@link BilibiliProperties}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration")
@ConditionalOnClass(BiliApiClient.class)
@EnableConfigurationProperties(BilibiliProperties.class)
@Import({BilibiliClientConfigurations.OkHttp.class, BilibiliClientConfigurations.WebClientBackend.class,
        BilibiliClientConfigurations.Jdk.class, BilibiliClientConfigurations.Unavailable.class,
        BilibiliSanitizingConfiguration.class})
public class BilibiliAutoConfiguration {
}
