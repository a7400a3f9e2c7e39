package io.github.bilibiliapi.autoconfigure;

import io.github.bilibiliapi.api.BiliContext;

/**
 * Tweaks the {@link BiliContext.Builder} of the auto-configured context (for example a clock, or a listener that
 * should not be a bean) after the properties, listener beans and observers were applied. Applied in
 * {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface BiliContextBuilderCustomizer {

    /**
     * Customizes the builder.
     *
     * @param builder the builder of the context about to be created
     */
    void customize(BiliContext.Builder builder);
}
