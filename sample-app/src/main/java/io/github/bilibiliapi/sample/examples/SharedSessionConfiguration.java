package io.github.bilibiliapi.sample.examples;

import java.time.Duration;
import okhttp3.OkHttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Example: one HTTP session shared by the application and the library (the seed's {@code set_session}). With this
 * {@link OkHttpClient} bean the starter wraps it instead of creating its own: the app's own calls and bilibili calls
 * share one connection pool and dispatcher. {@code bilibili.request.*} settings you set explicitly are applied on a
 * session derived from it (logged at INFO); the others leave it as it is. Run with
 * {@code --spring.profiles.active=shared-session} (combine with {@code offline} to try it without network).
 */
@Configuration(proxyBeanMethods = false)
@Profile("shared-session")
public class SharedSessionConfiguration {

    /**
     * The application's OkHttp client.
     *
     * @return the shared session
     */
    @Bean
    OkHttpClient appOkHttpClient() {
        return new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5)).build();
    }
}
