package io.github.bilibiliapi.autoconfigure;

import io.github.bilibiliapi.client.support.ProxySpec;
import java.util.Locale;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Masks the credential in {@code /actuator/configprops} and {@code /actuator/env} even when
 * {@code management.endpoint.*.show-values} is {@code always}, and hides the password of a proxy URL.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(SanitizingFunction.class)
class BilibiliSanitizingConfiguration {

    @Bean
    SanitizingFunction bilibiliCredentialSanitizingFunction() {
        return BilibiliSanitizingConfiguration::sanitize;
    }

    static SanitizableData sanitize(SanitizableData data) {
        // relaxed form: bilibili.credential.bili-jct, BILIBILI_CREDENTIAL_BILIJCT, bilibili.credential.biliJct...
        String key = data.getKey().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
        if (key.startsWith("bilibilicredential")) {
            return data.withSanitizedValue();
        }
        if (key.equals("bilibilirequestproxy") && data.getValue() instanceof CharSequence proxy) {
            return data.withValue(ProxySpec.redact(proxy.toString()));
        }
        return data;
    }
}
