/**
 * The fake bilibili: an in-process Reactor Netty server for tests, the sample's offline mode and benchmarks.
 *
 * <p>{@link io.github.bilibiliapi.test.FakeBilibiliServer} binds a plain and a TLS port on 127.0.0.1 and serves the
 * routes of its {@link io.github.bilibiliapi.test.ServerModule}s. One interceptor sits in front of every route: it
 * counts connections and requests, records recent requests ({@link io.github.bilibiliapi.test.RecordedRequest}) and
 * plays scripted {@link io.github.bilibiliapi.test.Fault}s, so modules get fault injection for free.
 * {@link io.github.bilibiliapi.test.HttpTestModule} provides the generic {@code /test/} endpoints;
 * {@link io.github.bilibiliapi.test.ForwardProxyServer} is a separate forward proxy (HTTP forwarding and CONNECT).
 *
 * <p>This module shares no code with the library on purpose: it is an independent oracle of the protocol.
 */
package io.github.bilibiliapi.test;
