package io.github.bilibiliapi.autoconfigure;

import okhttp3.OkHttpClient;

/**
 * Tweaks the {@link OkHttpClient.Builder} of the session the OkHttp backend wraps (interceptors, event listener,
 * dispatcher limits...), without replacing the client bean. Named with a {@code Bilibili} prefix because it only
 * affects this library's session, never another {@link OkHttpClient} of the application.
 *
 * <p>When at least one is declared and the application has no {@link OkHttpClient} bean, the auto-configuration builds
 * the session from a new builder passed through every customizer (in order), then applies the
 * {@code bilibili.request.*} settings on top (the backend derives its session from the customized one), and shuts that
 * session down when the context closes. Ignored when the application supplies its own {@link OkHttpClient} bean:
 * customize that one instead.
 */
@FunctionalInterface
public interface BilibiliOkHttpClientBuilderCustomizer {

    /**
     * Customizes the builder.
     *
     * @param builder the builder of the library's session
     */
    void customize(OkHttpClient.Builder builder);
}
