package io.github.bilibiliapi.sample.customclient;

import io.github.bilibiliapi.client.BiliApiClients;

/** Plain-Java registration of the Jetty backend: register its factory in a registry and select it. */
public final class JettyRegistration {

    private JettyRegistration() {
    }

    /**
     * Registers the Jetty backend under {@code "jetty"} in a registry and selects it; the registry creates the client
     * lazily, from its settings and the session set with {@link BiliApiClients#setSession(Object)}.
     *
     * @param registry a registry, for example {@link BiliApiClients#create()}
     * @return the same registry, Jetty selected
     */
    public static BiliApiClients useJetty(BiliApiClients registry) {
        return registry.register("jetty", JettyBiliApiClient::create).select("jetty");
    }
}
