/**
 * The Spring {@code WebClient} backend: HTTP through {@code WebClient}, WebSockets through Reactor Netty, sharing one
 * Reactor Netty pool and event loop group. See {@link io.github.bilibiliapi.client.webclient.WebClientBiliApiClient}.
 */
package io.github.bilibiliapi.client.webclient;
