package io.github.bilibiliapi.autoconfigure;

import io.github.bilibiliapi.client.BiliApiClient;

/**
 * Tweaks the auto-configured {@link BiliApiClient} after it was created and the {@code bilibili.request.*} settings
 * were applied, without replacing the bean. Every bean of this type is applied, in {@link org.springframework.core.Ordered
 * order}. Not applied to a {@link BiliApiClient} bean the application declares itself.
 */
@FunctionalInterface
public interface BiliApiClientCustomizer {

    /**
     * Customizes the client, for example by calling one of its setters.
     *
     * @param client the client about to be exposed as a bean
     */
    void customize(BiliApiClient client);
}
