package io.github.bilibiliapi.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.api.BiliContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint.ConfigurationPropertiesBeanDescriptor;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * {@code bilibili.credential.*} is masked in {@code /actuator/configprops} and {@code /actuator/env} even when values
 * are shown, and never logged.
 */
@ExtendWith(OutputCaptureExtension.class)
class BilibiliCredentialMaskingTest {

    private static final String SESSDATA = "secret-sessdata-4f2a";
    private static final String BILI_JCT = "secret-jct-77aa";
    private static final String AC_TIME_VALUE = "secret-refresh-9c1d";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BilibiliAutoConfiguration.class))
            .withPropertyValues("bilibili.credential.sessdata=" + SESSDATA, "bilibili.credential.bili-jct=" + BILI_JCT,
                    "bilibili.credential.buvid3=secret-b3", "bilibili.credential.buvid4=secret-b4",
                    "bilibili.credential.dedeuserid=42", "bilibili.credential.ac-time-value=" + AC_TIME_VALUE,
                    "bilibili.request.timeout=12s", "bilibili.request.proxy=http://user:proxy-pw@127.0.0.1:3128");

    @Test
    void configpropsMasksTheCredentialWhenValuesAreShown() {
        runner.run(context -> {
            Map<String, Object> props = bilibiliProperties(context, Show.ALWAYS);
            @SuppressWarnings("unchecked")
            Map<String, Object> credential = (Map<String, Object>) props.get("credential");
            assertThat(credential).containsEntry("sessdata", "******").containsEntry("biliJct", "******")
                    .containsEntry("buvid3", "******").containsEntry("buvid4", "******")
                    .containsEntry("dedeuserid", "******").containsEntry("acTimeValue", "******");
            @SuppressWarnings("unchecked")
            Map<String, Object> request = (Map<String, Object>) props.get("request");
            assertThat(request.get("timeout")).hasToString("PT12S"); // other values are shown
            assertThat(request.get("proxy")).isEqualTo("http://***@127.0.0.1:3128");
            assertThat(props.toString()).doesNotContain(SESSDATA).doesNotContain(BILI_JCT)
                    .doesNotContain(AC_TIME_VALUE).doesNotContain("proxy-pw");
        });
    }

    @Test
    void configpropsMasksEverythingByDefault() {
        runner.run(context -> assertThat(bilibiliProperties(context, Show.NEVER).toString())
                .doesNotContain(SESSDATA).doesNotContain("PT12S"));
    }

    @Test
    void envMasksTheCredentialWhenValuesAreShown() {
        runner.run(context -> {
            EnvironmentEndpoint env = new EnvironmentEndpoint(context.getEnvironment(),
                    context.getBeanProvider(SanitizingFunction.class).orderedStream().toList(), Show.ALWAYS);
            assertThat(env.environmentEntry("bilibili.credential.sessdata").getProperty().getValue())
                    .isEqualTo("******");
            assertThat(env.environmentEntry("bilibili.credential.ac-time-value").getProperty().getValue())
                    .isEqualTo("******");
            assertThat(env.environmentEntry("bilibili.request.timeout").getProperty().getValue()).isEqualTo("12s");
            assertThat(env.environment(null).toString()).doesNotContain(SESSDATA).doesNotContain(BILI_JCT);
        });
    }

    @Test
    void theCredentialIsNeverLogged(CapturedOutput output) {
        runner.run(context -> {
            BiliContext biliContext = context.getBean(BiliContext.class);
            assertThat(biliContext.toString()).doesNotContain(SESSDATA);
            assertThat(context.getBean(BilibiliProperties.class).getCredential().toString())
                    .doesNotContain(SESSDATA).doesNotContain(BILI_JCT).doesNotContain(AC_TIME_VALUE);
        });
        assertThat(output).doesNotContain(SESSDATA).doesNotContain(BILI_JCT).doesNotContain(AC_TIME_VALUE)
                .doesNotContain("proxy-pw");
    }

    private static Map<String, Object> bilibiliProperties(AssertableApplicationContext context, Show show) {
        ConfigurationPropertiesReportEndpoint endpoint = new ConfigurationPropertiesReportEndpoint(
                context.getBeanProvider(SanitizingFunction.class).orderedStream().toList(), show);
        endpoint.setApplicationContext(context);
        ConfigurationPropertiesBeanDescriptor bean = endpoint.configurationPropertiesWithPrefix("bilibili")
                .getContexts().values().iterator().next().getBeans().values().iterator().next();
        return bean.getProperties();
    }
}
