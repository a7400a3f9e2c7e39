package io.github.bilibiliapi.autoconfigure;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Tweaks the {@link WebClient.Builder} of the session the WebClient backend wraps (filters, default headers, codecs),
 * without replacing the client bean. Unlike Boot's own {@code WebClientCustomizer}, which every WebClient built from
 * Boot's builder gets, this one only reaches the bilibili library's session.
 *
 * <p>The builder is a clone of Boot's {@link WebClient.Builder} bean when there is one (so Boot's codecs and
 * {@code WebClientCustomizer}s apply too), else {@link WebClient#builder()}; after every customizer ran (in order) the
 * WebClient backend uses it as a template: it keeps the filters, default headers and codecs and replaces the connector
 * with one over its own Reactor Netty resources, so a connector set here is not used.
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
