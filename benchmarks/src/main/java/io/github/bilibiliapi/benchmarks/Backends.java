package io.github.bilibiliapi.benchmarks;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.RequestSettings;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.jdk.JdkBiliApiClient;
import io.github.bilibiliapi.client.okhttp.OkHttpBiliApiClient;
import io.github.bilibiliapi.client.webclient.WebClientBiliApiClient;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The three backends by name, and for each the "raw" call a user of that HTTP library would write: same session (the
 * backend's own wrapped one, so the same pool, timeouts and HTTP version), same URL, whole body read as bytes.
 */
final class Backends {

    /** Every backend measured. */
    static final List<String> NAMES = List.of("okhttp", "webclient", "jdk");

    /** No environment proxy may sneak in between client and server. */
    static final ClientSettings SETTINGS = new ClientSettings("", Duration.ofSeconds(30), true, false);

    private Backends() {
    }

    /** @return the backends named by {@code -Dbench.backends=a,b} (for trying one), else all */
    static List<String> selected() {
        String only = System.getProperty("bench.backends", "");
        return only.isBlank() ? NAMES : List.of(only.split(","));
    }

    static BiliApiClient create(String name) {
        return switch (name) {
            case "okhttp" -> OkHttpBiliApiClient.create(SETTINGS, null);
            case "webclient" -> WebClientBiliApiClient.create(SETTINGS, null);
            case "jdk" -> JdkBiliApiClient.create(SETTINGS, null);
            // the user-session variants: what a user can do today to lift the backend's own limits
            case "okhttp+session" -> {
                okhttp3.Dispatcher dispatcher = new okhttp3.Dispatcher();
                // every open WebSocket keeps its call (and a thread) in the dispatcher for its whole life
                dispatcher.setMaxRequests(Integer.MAX_VALUE);
                dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
                // and keep as many idle connections as calls may be in flight (OkHttp's default keeps 5)
                yield OkHttpBiliApiClient.create(SETTINGS, new OkHttpClient.Builder().dispatcher(dispatcher)
                        .connectionPool(new okhttp3.ConnectionPool(64, 5, java.util.concurrent.TimeUnit.MINUTES))
                        .callTimeout(SETTINGS.timeout()).build());
            }
            case "webclient+session" ->
                // every open WebSocket holds a pooled connection: size the pool for the rooms
                WebClientBiliApiClient.create(SETTINGS, reactor.netty.http.client.HttpClient.create(
                        reactor.netty.resources.ConnectionProvider.builder("bench-ws").maxConnections(16_384)
                                .pendingAcquireMaxCount(-1).build()));
            default -> throw new IllegalArgumentException("unknown backend '" + name + "', expected one of " + NAMES);
        };
    }

    /** Redirected to the fake by the host redirection, so cookies/Referer/buvid are those of a bilibili host. */
    static final String API_URL = "https://api.bilibili.com/test/json";

    /**
     * @param client the client
     * @param server the fake every bilibili host is redirected to
     * @return a context as an application would have one
     */
    static BiliContext context(BiliApiClient client, FakeBilibiliServer server) {
        return BiliContext.builder().client(client)
                .settings(RequestSettings.builder().redirectTo(server.httpBaseUrl()).build()).build();
    }

    static BiliContext context(BiliApiClient client, String fakeBaseUrl) {
        return BiliContext.builder().client(client)
                .settings(RequestSettings.builder().redirectTo(fakeBaseUrl).build()).build();
    }

    /** @return the measured Api call without WBI, built per call as a caller would */
    static Api plainApi() {
        return Api.get(API_URL).param("mid", 2).build();
    }

    /** @return the measured Api call with WBI over 3 parameters (plus {@code wts} and {@code web_location}) */
    static Api wbiApi() {
        return Api.get(API_URL).param("mid", 2).param("token", "").param("platform", "web").wbi(true).build();
    }

    /** One GET of a whole body as bytes, asynchronous like the backends. */
    interface RawGet {
        CompletableFuture<byte[]> get(String url, Map<String, String> headers);

        default CompletableFuture<byte[]> get(String url) {
            return get(url, Map.of());
        }
    }

    /**
     * The raw client call on the backend's own session.
     *
     * @param name   the backend, or its {@code +session} variant (the raw call then runs on the user's session)
     * @param client a client of that backend
     * @return the raw call
     */
    static RawGet raw(String name, BiliApiClient client) {
        Object session = client.getWrappedSession();
        return switch (name.endsWith("+session") ? name.substring(0, name.length() - "+session".length()) : name) {
            case "okhttp" -> {
                OkHttpClient ok = (OkHttpClient) session;
                // enqueue, not execute(): the same dispatcher hop the backend takes, so the difference is our layer
                yield (url, headers) -> {
                    CompletableFuture<byte[]> f = new CompletableFuture<>();
                    Request.Builder rb = new Request.Builder().url(url);
                    headers.forEach(rb::header);
                    ok.newCall(rb.build()).enqueue(new Callback() {
                        @Override
                        public void onFailure(Call call, IOException e) {
                            f.completeExceptionally(e);
                        }

                        @Override
                        public void onResponse(Call call, Response response) {
                            try (response) {
                                ResponseBody body = response.body();
                                f.complete(body.bytes());
                            } catch (IOException | RuntimeException e) {
                                f.completeExceptionally(e);
                            }
                        }
                    });
                    return f;
                };
            }
            case "webclient" -> {
                WebClient web = (WebClient) session;
                yield (url, headers) -> web.get().uri(URI.create(url)).headers(h -> headers.forEach(h::add)).retrieve()
                        .bodyToMono(byte[].class).toFuture();
            }
            case "jdk" -> {
                HttpClient jdk = (HttpClient) session;
                yield (url, headers) -> {
                    HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url))
                            .version(HttpClient.Version.HTTP_1_1).timeout(SETTINGS.timeout()).GET();
                    headers.forEach(rb::header);
                    return jdk.sendAsync(rb.build(), HttpResponse.BodyHandlers.ofByteArray())
                            .thenApply(HttpResponse::body);
                };
            }
            default -> throw new IllegalArgumentException("unknown backend '" + name + "'");
        };
    }
}
