package io.github.bilibiliapi.autoconfigure;

import java.net.http.HttpClient;

/**
 * Tweaks the {@link HttpClient.Builder} of the session the JDK backend wraps (HTTP version, executor, authenticator...),
 * without replacing the client bean.
 *
 * <p>When at least one is declared and the application has no {@link HttpClient} bean, the auto-configuration builds
 * the session from {@link HttpClient#newBuilder()} passed through every customizer (in order), then applies the
 * {@code bilibili.request.*} settings on top; what survives that depends on what the JDK backend can copy from a
 * session (see its documentation). Ignored when the application supplies its own {@link HttpClient} bean.
 */
@FunctionalInterface
public interface BilibiliJdkHttpClientBuilderCustomizer {

    /**
     * Customizes the builder.
     *
     * @param builder the builder of the library's session
     */
    void customize(HttpClient.Builder builder);
}
