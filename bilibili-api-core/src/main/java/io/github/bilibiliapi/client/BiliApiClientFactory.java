package io.github.bilibiliapi.client;

/**
 * Creates clients of one backend: what is registered is the factory, not an instance. The registry calls
 * it lazily, with the current settings and, when the user set one, the user's session.
 */
@FunctionalInterface
public interface BiliApiClientFactory {

    /**
     * Creates a client.
     *
     * @param settings the settings to apply
     * @param session  a third-party session to wrap as it is, or {@code null} to create one from the settings
     * @return a new client
     * @throws IllegalArgumentException if the session's type does not fit this backend (the message names the
     *                                  accepted types)
     */
    BiliApiClient create(ClientSettings settings, Object session);
}
