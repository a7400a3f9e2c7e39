package io.github.bilibiliapi.test;

import java.time.Duration;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Server-wide facilities handed to {@link ServerModule#register}. The base URLs are known only once the server is
 * bound, so call them from route handlers, not during registration.
 */
public interface ServerContext {

    /**
     * Plain HTTP base URL.
     *
     * @return {@code http://127.0.0.1:PORT}
     * @throws IllegalStateException before the server is bound
     */
    String httpBaseUrl();

    /**
     * HTTPS base URL (self-signed, see {@link TestCertificate}).
     *
     * @return {@code https://127.0.0.1:PORT}
     * @throws IllegalStateException before the server is bound
     */
    String httpsBaseUrl();

    /**
     * Plain WebSocket base URL.
     *
     * @return {@code ws://127.0.0.1:PORT}
     * @throws IllegalStateException before the server is bound
     */
    String wsBaseUrl();

    /**
     * Secure WebSocket base URL.
     *
     * @return {@code wss://127.0.0.1:PORT}
     * @throws IllegalStateException before the server is bound
     */
    String wssBaseUrl();

    /**
     * The JSON mapper the server uses; thread-safe.
     *
     * @return a shared Jackson 3 mapper
     */
    JsonMapper json();

    /**
     * A non-blocking timer on the server's own event loops (so no global scheduler threads outlive the server).
     *
     * @param delay how long to wait; zero completes at once
     * @return a Mono completing empty after {@code delay}
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    Mono<Void> delay(Duration delay);
}
