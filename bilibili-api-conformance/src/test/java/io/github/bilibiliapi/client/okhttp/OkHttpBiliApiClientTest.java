package io.github.bilibiliapi.client.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiClientConformanceTest;
import io.github.bilibiliapi.client.BiliApiClientFactory;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.internal.FrozenMap;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import io.github.bilibiliapi.test.ForwardProxyServer;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Runs the conformance kit on the OkHttp backend, plus what only OkHttp has: shared pools and dispatchers. */
class OkHttpBiliApiClientTest extends BiliApiClientConformanceTest {

    @Override
    protected BiliApiClientFactory factory() {
        return OkHttpBiliApiClient::create;
    }

    @Override
    protected Object newUserSession() {
        return new OkHttpClient();
    }

    @Override
    protected void releaseUserSession(Object session) {
        OkHttpClient client = (OkHttpClient) session;
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /**
     * OkHttp runs connection-pool cleanup and WebSocket writers on one JVM-wide {@code TaskRunner} whose threads
     * ("OkHttp TaskRunner") every OkHttpClient shares; they are not a client's and end after 60 s idle. OkHttp offers
     * no public way to give a client its own.
     */
    @Override
    protected Set<String> libraryThreadNamePrefixes() {
        return Set.of("OkHttp TaskRunner");
    }

    /**
     * OkHttp's {@code HttpUrl} re-encodes {@code '} in a query as {@code %27} (its query encode set is
     * {@code  "'<>#}); nothing in its public API sends a query verbatim. Every other byte is kept.
     */
    @Override
    protected String expectedRawQuery(String encoded) {
        return encoded.replace("'", "%27");
    }

    private OkHttpClient session(BiliApiClient client) {
        return (OkHttpClient) client.getWrappedSession();
    }

    @Test
    void anEndpointIsParsedOnceAndEveryUrlComesOutAsOkHttpParsesItWhole() {
        EndpointUrls urls = new EndpointUrls();
        for (String url : new String[] {
            "https://api.bilibili.com/x/web-interface/nav",
            "https://api.bilibili.com/x/space/wbi/acc/info?mid=2&token=&platform=web&web_location=1550101"
                + "&wts=1700000000&w_rid=0123456789abcdef0123456789abcdef",
            "https://api.bilibili.com/x/a?q=%E4%BD%A0%E5%A5%BD+x&b=a%2Bb&c='quote'&d=%7B%22k%22%3A1%7D",
            "https://api.bilibili.com/x/a?",
            "https://api.bilibili.com/x/a?only",
            "http://127.0.0.1:8080/p/a%20b/?x=1",
            "https://api.bilibili.com/x/a?x=1#fragment",
            "https://user:pass@example.com/x?y=1"}) {
            HttpUrl whole = HttpUrl.get(url);
            for (int i = 0; i < 2; i++) { // the second time the endpoint comes from the memo
                HttpUrl ours = urls.get(url);
                assertThat(ours).as(url).isEqualTo(whole);
                assertThat(ours.toString()).isEqualTo(whole.toString());
                assertThat(ours.encodedQuery()).isEqualTo(whole.encodedQuery());
            }
        }
        assertThatThrownBy(() -> urls.get("https://exa mple.com/x?y=1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headersSharedAsOneFrozenMapAreBuiltOnceAndNoOtherMapGetsThem() {
        SentHeaders sent = new SentHeaders();
        Map<String, String> alice = FrozenMap.copyOf(Map.of("User-Agent", "ua", "Cookie", "SESSDATA=a"), "headers");
        Map<String, String> bob = FrozenMap.copyOf(Map.of("User-Agent", "ua", "Cookie", "SESSDATA=b"), "headers");
        Headers first = sent.of(alice, null);
        assertThat(first.get("Cookie")).isEqualTo("SESSDATA=a");
        assertThat(sent.of(alice, null)).isSameAs(first); // the same map: built once
        assertThat(sent.of(bob, null).get("Cookie")).isEqualTo("SESSDATA=b"); // another map: its own
        assertThat(sent.of(alice, null)).isNotSameAs(first).isEqualTo(first);
        // a body's type is added to a copy, never to the shared form
        Headers form = sent.of(alice, "application/x-www-form-urlencoded");
        assertThat(form.get("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(sent.of(alice, null).get("Content-Type")).isNull();
        // a map that is not frozen may be changed by its owner: never reused
        Map<String, String> mutable = new java.util.LinkedHashMap<>(Map.of("Cookie", "SESSDATA=c"));
        assertThat(sent.of(mutable, null).get("Cookie")).isEqualTo("SESSDATA=c");
        mutable.put("Cookie", "SESSDATA=d");
        assertThat(sent.of(mutable, null).get("Cookie")).isEqualTo("SESSDATA=d");
    }

    @Test
    void derivedSessionSharesTheUsersPoolAndDispatcher() {
        OkHttpClient user = (OkHttpClient) userSession();
        BiliApiClient client = newClient(ClientSettings.DEFAULTS, user);
        assertThat(session(client)).isSameAs(user);

        client.setTimeout(Duration.ofSeconds(5));
        OkHttpClient derived = session(client);
        assertThat(derived).isNotSameAs(user);
        assertThat(derived.connectionPool()).isSameAs(user.connectionPool());
        assertThat(derived.dispatcher()).isSameAs(user.dispatcher());
        assertThat(derived.connectTimeoutMillis()).isEqualTo(5_000);
        // one hop: the base class follows redirects and keeps the deadline; nothing is re-sent silently
        assertThat(derived.followRedirects()).isFalse();
        assertThat(derived.retryOnConnectionFailure()).isFalse();
        // the user's client is not changed
        assertThat(user.callTimeoutMillis()).isZero();
        assertThat(user.proxy()).isNull();

        assertThat(result(client.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);
        assertThat(user.connectionPool().connectionCount()).isEqualTo(1); // the connection went to the user's pool
    }

    @Test
    void closeNeverShutsDownTheUsersClient() {
        OkHttpClient user = (OkHttpClient) userSession();
        BiliApiClient client = newClient(ClientSettings.DEFAULTS, user);
        client.setVerifySsl(false); // derived from now on
        assertThat(result(client.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);
        client.close();

        assertThat(user.dispatcher().executorService().isShutdown()).isFalse();
        BiliApiClient again = newClient(ClientSettings.DEFAULTS, user);
        assertThat(result(again.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);
    }

    @Test
    void closeShutsDownTheDispatcherOfAClientItCreated() {
        BiliApiClient client = newClient();
        OkHttpClient own = session(client);
        assertThat(result(client.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);
        client.close();
        assertThat(own.dispatcher().executorService().isShutdown()).isTrue();
        assertThat(own.connectionPool().connectionCount()).isZero();
    }

    @Test
    void socksProxyUrlIsAcceptedWithoutCredentialsOnly() {
        BiliApiClient client = newClient();
        client.setProxy("socks5://127.0.0.1:1080");
        assertThat(session(client).proxy()).isEqualTo(new java.net.Proxy(java.net.Proxy.Type.SOCKS,
                java.net.InetSocketAddress.createUnresolved("127.0.0.1", 1080)));
        assertThatThrownBy(() -> client.setProxy("socks5://user:pw@127.0.0.1:1080"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SOCKS")
                .hasMessageNotContaining("pw@");
        // the rejected setting did not stick
        assertThat(client.settings().proxy()).isEqualTo("socks5://127.0.0.1:1080");
        assertThatThrownBy(() -> OkHttpBiliApiClient.create(
                ClientSettings.DEFAULTS.withProxy("socks5://u:p@h:1"), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void trustEnvOffWithoutProxyMeansNoProxyAtAll() {
        BiliApiClient client = newClient(ClientSettings.DEFAULTS.withTrustEnv(false), null);
        assertThat(session(client).proxy()).isEqualTo(java.net.Proxy.NO_PROXY);
        client.setTrustEnv(true);
        assertThat(session(client).proxy()).isNull();
        assertThat(session(client).proxySelector().toString()).startsWith("ProxyResolver");
    }

    @Test
    void sessionsAreDerivedOncePerSettingsChangeNotPerRequest() {
        BiliApiClient client = newClient();
        OkHttpClient before = session(client);
        String url = http("/test/redirect?to=/test/json");
        result(client.request(BiliApiRequest.get(url).allowRedirects(true).build()));
        result(client.request(BiliApiRequest.get(url).build()));
        assertThat(session(client)).isSameAs(before);
        assertThat(server.requestCount("/test/json")).isEqualTo(1);
        // both redirect variants share one pool: the second request reused the first one's connection
        assertThat(server.connectionsOpened()).isEqualTo(1);

        client.setTimeout(Duration.ofSeconds(9));
        assertThat(session(client)).isNotSameAs(before);
        assertThat(session(client).connectionPool()).isSameAs(before.connectionPool());
        assertThat(session(client).dispatcher()).isSameAs(before.dispatcher());
    }

    @Test
    void proxyCredentialsAreSentPreemptively() {
        try (ForwardProxyServer proxy = ForwardProxyServer.start().requireCredentials("u", "p")) {
            BiliApiClient client = newClient(ClientSettings.DEFAULTS.withVerifySsl(false)
                    .withProxy("http://u:p@127.0.0.1:" + proxy.port()), null);
            assertThat(result(client.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);
            assertThat(result(client.request(BiliApiRequest.get(server.httpsBaseUrl() + "/test/json").build()))
                    .code()).isEqualTo(200);
            assertThat(proxy.forwardedCount()).isEqualTo(1);
            assertThat(proxy.tunnelCount()).isEqualTo(1);
            // no round trip through a 407 first
            assertThat(proxy.rejectedCount()).isZero();
        }
    }

    @Test
    void httpsProxyIsReachedOverTlsAndItsCertificateIsVerified() throws Exception {
        try (ForwardProxyServer proxy = ForwardProxyServer.start();
                TlsProxyFront front = new TlsProxyFront(proxy.port())) {
            String proxyUrl = "https://127.0.0.1:" + front.port();
            // the test certificate is not in the JVM's trust store: verification must refuse the proxy
            BiliApiClient verifying = newClient(ClientSettings.DEFAULTS.withProxy(proxyUrl), null);
            assertThatThrownBy(() -> result(verifying.request(BiliApiRequest.get(http("/test/json")).build())))
                    .isInstanceOf(io.github.bilibiliapi.client.BiliClientException.class);
            assertThat(proxy.forwardedCount()).isZero();

            BiliApiClient trusting = newClient(ClientSettings.DEFAULTS.withProxy(proxyUrl).withVerifySsl(false), null);
            assertThat(result(trusting.request(BiliApiRequest.get(http("/test/echo")).build())).code())
                    .isEqualTo(200);
            assertThat(proxy.forwardedCount()).isEqualTo(1);
            // TLS to the proxy, then TLS to the target inside the CONNECT tunnel
            assertThat(result(trusting.request(BiliApiRequest.get(server.httpsBaseUrl() + "/test/json").build()))
                    .code()).isEqualTo(200);
            assertThat(proxy.tunnelCount()).isEqualTo(1);
            assertThat(front.acceptedConnections()).isGreaterThanOrEqualTo(2);
        }
    }
    @Test
    void sendsBeyondOkHttpsQueueWaitInsteadOfClosingTheSocket() {
        BiliApiClient client = newClient();
        int handle = result(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", java.util.Map.of(),
                java.util.Map.of(), java.util.Map.of()));
        // 4 x 8 MiB at once is twice OkHttp's 16 MiB queue: OkHttp alone would close the socket (1001)
        java.util.List<java.util.concurrent.CompletableFuture<Void>> sends = new java.util.ArrayList<>();
        for (int k = 0; k < 4; k++) {
            byte[] frame = new byte[8 * 1024 * 1024];
            java.util.Arrays.fill(frame, (byte) k);
            sends.add(client.wsSend(handle, frame));
        }
        sends.forEach(f -> result(f));
        for (int k = 0; k < 4; k++) {
            byte[] echoed = result(client.wsRecv(handle)).data();
            assertThat(echoed).hasSize(8 * 1024 * 1024);
            assertThat(echoed[0]).isEqualTo((byte) k);
            assertThat(echoed[echoed.length - 1]).isEqualTo((byte) k);
        }
        result(client.wsClose(handle));
    }

    @Test
    void aFrameOverSixteenMebibytesIsRefusedAndTheSocketStaysUsable() {
        BiliApiClient client = newClient();
        int handle = result(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", java.util.Map.of(),
                java.util.Map.of(), java.util.Map.of()));
        assertThatThrownBy(() -> result(client.wsSend(handle, new byte[16 * 1024 * 1024 + 1])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 MiB");
        result(client.wsSend(handle, "still open".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(result(client.wsRecv(handle)).text()).isEqualTo("still open");
        result(client.wsClose(handle));
    }
    @Test
    void aUsersProxyAuthenticatorStillAnswersForProxiesWithoutCredentials() {
        try (ForwardProxyServer proxy = ForwardProxyServer.start().requireCredentials("app", "secret")) {
            java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
            OkHttpClient user = ((OkHttpClient) userSession()).newBuilder().proxyAuthenticator((route, response) -> {
                asked.incrementAndGet();
                return response.request().header("Proxy-Authorization") != null ? null
                        : response.request().newBuilder()
                                .header("Proxy-Authorization", okhttp3.Credentials.basic("app", "secret")).build();
            }).build();
            BiliApiClient client = newClient(ClientSettings.DEFAULTS.withProxy(proxy.proxyUrl()), user);
            client.setTimeout(Duration.ofSeconds(10)); // settings in force: through the proxy, our authenticator
            assertThat(result(client.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);
            assertThat(asked).hasValue(1);
            assertThat(proxy.forwardedCount()).isEqualTo(1);
        }
    }

    @Test
    void aBodyWithGetIsRefusedBeforeAnyIo() {
        BiliApiClient client = newClient();
        assertThatThrownBy(() -> client.request(BiliApiRequest.get(http("/test/echo"))
                .form(java.util.Map.of("a", "b")).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GET");
        assertThat(server.totalRequests()).isZero();
    }
    @Test
    void requestsAndWebSocketsGoThroughASocks5Proxy() throws Exception {
        try (Socks5TestProxy socks = new Socks5TestProxy()) {
            BiliApiClient client = newClient(ClientSettings.DEFAULTS.withVerifySsl(false)
                    .withProxy("socks5://127.0.0.1:" + socks.port()), null);
            assertThat(result(client.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);
            assertThat(result(client.request(BiliApiRequest.get(server.httpsBaseUrl() + "/test/json").build()))
                    .code()).isEqualTo(200);
            int handle = result(client.wsCreate(server.wssBaseUrl() + "/test/ws/echo", java.util.Map.of(),
                    java.util.Map.of(), java.util.Map.of()));
            result(client.wsSend(handle, "via socks".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(result(client.wsRecv(handle)).text()).isEqualTo("via socks");
            result(client.wsClose(handle));
            // the target host name is resolved by the proxy (OkHttp hands SOCKS an unresolved address)
            assertThat(socks.targets()).contains("127.0.0.1:" + server.port(), "127.0.0.1:" + server.httpsPort());
        }
    }
    @Test
    void providerNamesTheBackendAndIsUnavailableWithoutOkHttp() throws Exception {
        OkHttpBiliApiClientProvider provider = new OkHttpBiliApiClientProvider();
        assertThat(provider.name()).isEqualTo(OkHttpBiliApiClient.NAME);
        assertThat(provider.priority()).isEqualTo(300);
        assertThat(provider.isAvailable(getClass().getClassLoader())).isTrue();
        try (java.net.URLClassLoader empty = new java.net.URLClassLoader(new java.net.URL[0], null)) {
            assertThat(provider.isAvailable(empty)).isFalse();
        }
        BiliApiClient client = provider.factory().create(ClientSettings.DEFAULTS, null);
        try {
            assertThat(client.backendName()).isEqualTo("okhttp");
            assertThat(client.getWrappedSession()).isInstanceOf(OkHttpClient.class);
        } finally {
            client.close();
        }
        // the provider's signatures mention no OkHttp type, so it loads where OkHttp is missing
        for (java.lang.reflect.Method m : OkHttpBiliApiClientProvider.class.getDeclaredMethods()) {
            assertThat(m.toGenericString()).doesNotContain("okhttp3.").doesNotContain("okio.");
        }
    }
}
