package io.github.bilibiliapi.sample.customclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiClientConformanceTest;
import io.github.bilibiliapi.client.BiliApiClientFactory;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.BiliWsMessage;
import io.github.bilibiliapi.client.BiliWsMsgType;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.support.AbstractBiliApiClient;
import io.github.bilibiliapi.test.ForwardProxyServer;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.resources.LoopResources;

/**
 * Runs the project's backend conformance kit, unchanged, on the Jetty example backend, plus what only this backend
 * has: a derived session on the user's threads.
 */
class JettyBiliApiClientTest extends BiliApiClientConformanceTest {

    @Override
    protected BiliApiClientFactory factory() {
        return JettyBiliApiClient::create;
    }

    /** A plain Jetty client with its defaults, started: the backend never starts or stops a user's client. */
    @Override
    protected Object newUserSession() {
        HttpClient client = new HttpClient();
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return client;
    }

    @Override
    protected void releaseUserSession(Object session) {
        try {
            ((HttpClient) session).stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSettingChangeBuildsAClientOnTheUsersThreadsAndNeverStopsTheUsersClient() {
        HttpClient user = (HttpClient) userSession();
        BiliApiClient client = newClient(ClientSettings.DEFAULTS, user);
        assertThat(client.getWrappedSession()).isSameAs(user);

        client.setTimeout(Duration.ofSeconds(5));
        HttpClient derived = (HttpClient) client.getWrappedSession();
        assertThat(derived).isNotSameAs(user);
        assertThat(derived.getExecutor()).isSameAs(user.getExecutor());
        assertThat(derived.getScheduler()).isSameAs(user.getScheduler());
        assertThat(derived.getByteBufferPool()).isSameAs(user.getByteBufferPool());
        assertThat(derived.getConnectTimeout()).isEqualTo(5_000);
        assertThat(result(client.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);

        client.close();
        assertThat(derived.isStopped()).isTrue();
        assertThat(user.isRunning()).isTrue();
        assertThat(user.getProxyConfiguration().getProxies()).isEmpty();
    }

    @Test
    void aBodyLargerThanTheSettingsCapFailsLikeTheBuiltInBackends() {
        BiliApiClient client = newClient(ClientSettings.DEFAULTS.withMaxResponseBytes(1024), null);
        assertThat(result(client.request(BiliApiRequest.get(http("/test/bytes")).param("n", "1024").build())).raw())
                .hasSize(1024);
        assertThatThrownBy(() -> result(client.request(BiliApiRequest.get(http("/test/bytes")).param("n", "4096")
                .build())))
                .isInstanceOf(BiliClientException.class).hasMessageContaining("/test/bytes")
                .hasMessageContaining("larger than the cap of 1024 bytes");
    }

    @Test
    void socks5ProxyWithCredentialsCarriesHttpAndWebSockets() throws Exception {
        try (Socks5TestServer socks = Socks5TestServer.start("bili user", "p@ss:w0rd")) {
            String proxy = "socks5://bili%20user:p%40ss%3Aw0rd@127.0.0.1:" + socks.port();
            BiliApiClient client = newClient(ClientSettings.DEFAULTS.withProxy(proxy), null);
            assertThat(result(client.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);
            assertThat(socks.targets()).containsExactly("127.0.0.1:" + server.port());

            int handle = result(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of(), Map.of()));
            result(client.wsSend(handle, "via socks".getBytes(StandardCharsets.UTF_8)));
            assertThat(result(client.wsRecv(handle)).text()).isEqualTo("via socks");
            result(client.wsClose(handle));
            assertThat(socks.targets()).hasSize(2);

            BiliApiClient wrong = newClient(ClientSettings.DEFAULTS.withProxy(
                    "socks5://bili%20user:nope@127.0.0.1:" + socks.port()), null);
            assertThatThrownBy(() -> result(wrong.request(BiliApiRequest.get(http("/test/json")).build())))
                    .isInstanceOf(BiliClientException.class).hasMessageContaining("/test/json");
            assertThat(socks.authFailures()).isEqualTo(1);
            assertThat(server.requestCount("/test/json")).isEqualTo(1);
        }
    }

    @Test
    void pingsSurfaceAsMessagesAndAreAnsweredWithAPong() {
        LoopResources loop = LoopResources.create("jetty-test-ping", 1, true);
        // pings the client, then reports the payload of the pong it gets back as a text message
        DisposableServer pinger = HttpServer.create().host("127.0.0.1").port(0).runOn(loop)
                .route(routes -> routes.ws("/ping", (in, out) -> out.sendObject(Mono.just(
                                new PingWebSocketFrame(Unpooled.copiedBuffer("are you there", StandardCharsets.UTF_8))))
                        // never cancel the inbound: Reactor Netty would close the WebSocket
                        .then(in.receiveFrames().filter(PongWebSocketFrame.class::isInstance)
                                .map(f -> "pong: " + f.content().toString(StandardCharsets.UTF_8))
                                .concatMap(text -> out.sendString(Mono.just(text)))
                                .then()),
                        WebsocketServerSpec.builder().handlePing(true).build()))
                .bindNow();
        try {
            BiliApiClient client = newClient();
            int handle = result(client.wsCreate("ws://127.0.0.1:" + pinger.port() + "/ping", Map.of(), Map.of(),
                    Map.of()));
            BiliWsMessage ping = result(client.wsRecv(handle));
            assertThat(ping.type()).isEqualTo(BiliWsMsgType.PING);
            assertThat(ping.text()).isEqualTo("are you there");
            BiliWsMessage report = result(client.wsRecv(handle));
            assertThat(report.type()).as("%s %s", report.type(), report.type() == BiliWsMsgType.CLOSE
                    ? report.closeCode() + " " + new String(report.data(), StandardCharsets.UTF_8) : "")
                    .isEqualTo(BiliWsMsgType.TEXT);
            assertThat(report.text()).isEqualTo("pong: are you there");
            result(client.wsClose(handle));
        } finally {
            pinger.disposeNow();
            loop.disposeLater().block(Duration.ofSeconds(10));
        }
    }

    @Test
    void anIdleWebSocketOutlivesTheTimeout() {
        // the timeout bounds the handshake (Jetty's upgrade request), not the life of the socket: danmaku connections
        // idle between heartbeats; Jetty's own 30 s WebSocket idle timeout is off too (not observed here: too slow)
        BiliApiClient client = newClient();
        result(client.wsClose(result(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of(),
                Map.of())))); // warm up: a cold JVM's first handshake may exceed a short timeout
        client.setTimeout(Duration.ofMillis(800));
        int handle = result(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of(), Map.of()));
        await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(10))
                .until(() -> ((AbstractBiliApiClient<?>) client).openWebSockets() == 1 && server.openConnections() == 1);
        result(client.wsSend(handle, new byte[] {4, 2}));
        assertThat(result(client.wsRecv(handle)).data()).containsExactly(4, 2);
        result(client.wsClose(handle));
    }

    @Test
    void plainWebSocketGoesThroughAnHttpProxyWithCredentials() {
        try (ForwardProxyServer proxy = ForwardProxyServer.start().requireCredentials("bili", "s3cret")) {
            BiliApiClient client = newClient(ClientSettings.DEFAULTS.withProxy("http://bili:s3cret@127.0.0.1:"
                    + proxy.port()), null);
            int handle = result(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of(), Map.of()));
            result(client.wsSend(handle, "proxied".getBytes(StandardCharsets.UTF_8)));
            assertThat(result(client.wsRecv(handle)).text()).isEqualTo("proxied");
            result(client.wsClose(handle));
            // tunnelled with CONNECT (credentials on the CONNECT), not forwarded with a ws:// target
            assertThat(proxy.tunnelTargets()).containsExactly("127.0.0.1:" + server.port());
            assertThat(proxy.forwardedCount()).isZero();
            assertThat(proxy.rejectedCount()).isZero();

            // plain HTTP through the same proxy is still forwarded in absolute form
            assertThat(result(client.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);
            assertThat(proxy.forwardedTargets()).containsExactly(http("/test/json"));
        }
    }
}
