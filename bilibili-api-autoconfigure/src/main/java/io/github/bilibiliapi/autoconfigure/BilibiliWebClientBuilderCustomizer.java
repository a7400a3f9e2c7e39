package io.github.bilibiliapi.autoconfigure;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Tweaks the {@link WebClient.Builder} of the session the WebClient backend wraps (filters, default headers, codecs),
 * without replacing the client bean. Unlike Boot's own {@code WebClientCustomizer}, which every WebClient built from
 * Boot's builder gets, this one only reaches the bilibili library's session.
 *
 * <p>The session is built from a clone of Boot's {@link WebClient.Builder} bean when there is one (so Boot's codecs,
 * connector and {@code WebClientCustomizer}s apply too), else from {@link WebClient#builder()}, passed through every
 * customizer in order.
 */
@FunctionalInterface
public interface BilibiliWebClientBuilderCustomizer {

    /**
     * Customizes the builder.
     *
     * @param builder the builder of the library's session
     */
    void customize(WebClient.Builder builder);
}
