/**
 * A worked custom backend: {@link io.github.bilibiliapi.sample.customclient.JettyBiliApiClient} over Jetty 12, its
 * {@link java.util.ServiceLoader} provider, plain-Java registration and a Spring profile ({@code custom-client}) that
 * replaces the starter's client. The guide is {@code docs/custom-client.md}.
 */
package io.github.bilibiliapi.sample.customclient;
