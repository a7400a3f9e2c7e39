package io.github.bilibiliapi.api;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiFile;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.BiliWsMessage;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.internal.CookieHeaders;
import io.github.bilibiliapi.client.support.UriEncoding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * "A user's own client": the smallest {@link BiliApiClient} a user could write over {@code java.net.http}, HTTP only.
 * It proves the Api layer needs nothing beyond the SPI, and lets the Api layer be tested before (and besides) the
 * project's backends.
 */
final class PlainJdkClient implements BiliApiClient {

    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "plain-jdk-client");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().executor(executor).version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    public Object getWrappedSession() {
        return http;
    }

    @Override
    public void setTimeout(Duration timeout) {
    }

    @Override
    public void setProxy(String proxy) {
    }

    @Override
    public void setVerifySsl(boolean verifySsl) {
    }

    @Override
    public void setTrustEnv(boolean trustEnv) {
    }

    @Override
    public ClientSettings settings() {
        return ClientSettings.DEFAULTS;
    }

    @Override
    public String backendName() {
        return "plain-jdk";
    }

    @Override
    public CompletableFuture<BiliApiResponse> request(BiliApiRequest request) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(request.fullUrl())).timeout(Duration.ofSeconds(30));
        request.headers().forEach((k, v) -> {
            if (!RESTRICTED.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                b.header(k, v);
            }
        });
        String cookie = CookieHeaders.cookieHeader(null, request.cookies());
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (request.isMultipart()) {
            String boundary = "----plain" + UUID.randomUUID().toString().replace("-", "");
            body = HttpRequest.BodyPublishers.ofByteArray(multipart(request, boundary));
            b.header("Content-Type", "multipart/form-data; boundary=" + boundary);
        } else if (request.body() instanceof BiliApiRequest.Body.Form form && !form.isEmpty()) {
            body = HttpRequest.BodyPublishers.ofString(UriEncoding.encodeQuery(form.fields()));
            if (request.headers().keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
                b.header("Content-Type", "application/x-www-form-urlencoded");
            }
        } else if (request.body() instanceof BiliApiRequest.Body.Text text) {
            body = HttpRequest.BodyPublishers.ofString(text.text());
        } else if (request.body() instanceof BiliApiRequest.Body.Bytes bytes) {
            body = HttpRequest.BodyPublishers.ofByteArray(bytes.bytes());
        }
        b.method(request.method(), body);
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray()).handle((resp, error) -> {
            if (error != null) {
                throw new BiliClientException(request.method() + " " + UriEncoding.withoutQuery(request.url())
                        + " failed: " + error, error);
            }
            return new BiliApiResponse(resp.statusCode(), resp.headers().map(),
                    CookieHeaders.parseSetCookies(resp.headers().allValues("Set-Cookie")), resp.body(),
                    resp.uri().toString());
        });
    }

    private static byte[] multipart(BiliApiRequest request, String boundary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (request.body() instanceof BiliApiRequest.Body.Form form) {
                for (Map.Entry<String, String> e : form.fields().entrySet()) {
                    out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + e.getKey()
                            + "\"\r\n\r\n" + e.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            for (Map.Entry<String, BiliApiFile> e : request.files().entrySet()) {
                out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + e.getKey()
                        + "\"; filename=\"" + e.getValue().fileName() + "\"\r\nContent-Type: "
                        + e.getValue().mimeType() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                out.write(Files.readAllBytes(e.getValue().path()));
                out.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public CompletableFuture<Integer> wsCreate(String url, Map<String, String> params, Map<String, String> headers,
            Map<String, String> cookies) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("plain-jdk has no WebSocket"));
    }

    @Override
    public CompletableFuture<Void> wsSend(int handle, byte[] data) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("plain-jdk has no WebSocket"));
    }

    @Override
    public CompletableFuture<BiliWsMessage> wsRecv(int handle) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("plain-jdk has no WebSocket"));
    }

    @Override
    public CompletableFuture<Void> wsClose(int handle) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("plain-jdk has no WebSocket"));
    }

    @Override
    public void close() {
        // Java 17's HttpClient has no close(): its selector thread ends once the client is unreachable
        executor.shutdownNow();
    }
}
