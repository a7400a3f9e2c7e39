package io.github.bilibiliapi.benchmarks;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.ApiResult;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.BiliWsMessage;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU cost of the {@link Api} layer alone: a full {@link BiliContext#execute} (stringify
 * parameters, cookies, headers, host redirection, WBI signature, {@code BiliApiRequest} validation, JSON parse of the
 * answer, code check, events) with the HTTP exchange of the measured call replaced by the answer the fake gave to the
 * same call during setup. Everything else (buvid activation, WBI keys from nav, bili_ticket) went through the real
 * okhttp backend and the fake over loopback in setup, so the context is in the state of a warmed-up application.
 *
 * <p>This is what {@code HttpOverheadBenchmark}'s {@code api}/{@code apiWbi} ways add to a round trip, measured
 * without the round trip's noise; run with {@code -prof gc} for bytes allocated per call. One context is shared by
 * all JMH threads, as in an application: {@code -t 64} shows whether the layer scales or contends.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class ApiLayerBenchmark {

    private FakeBilibiliServer server;
    private ReplayingClient client;
    private BiliContext context;

    /** Starts the fake, warms the context through it, then records the answer to replay. */
    @Setup(Level.Trial)
    public void setUp() {
        server = FakeBilibiliServer.start();
        client = new ReplayingClient(Backends.create("okhttp"));
        context = Backends.context(client, server);
        if (apiWbi().code() != 0 || api().code() != 0) {
            throw new IllegalStateException("warm-up calls failed");
        }
        client.replayFrom(server.httpBaseUrl() + "/test/json");
        long sent = server.requestCount("/test/json");
        if (apiWbi().code() != 0 || api().code() != 0 || server.requestCount("/test/json") != sent) {
            throw new IllegalStateException("the replay did not take over");
        }
    }

    /** Closes client and server. */
    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
        server.close();
    }

    /** @return a full Api call without WBI, the exchange replayed */
    @Benchmark
    public ApiResult api() {
        return context.execute(Backends.plainApi()).join();
    }

    /** @return the same with WBI signing (cached keys) */
    @Benchmark
    public ApiResult apiWbi() {
        return context.execute(Backends.wbiApi()).join();
    }

    /**
     * Delegates to a real backend, except that once {@link #replayFrom} is called, requests to that URL are answered
     * with the last real response to it, without I/O.
     */
    static final class ReplayingClient implements BiliApiClient {
        private final BiliApiClient delegate;
        private volatile String replayUrl;
        private volatile BiliApiResponse last;

        ReplayingClient(BiliApiClient delegate) {
            this.delegate = delegate;
        }

        void replayFrom(String url) {
            if (last == null) {
                throw new IllegalStateException("no response recorded yet");
            }
            replayUrl = url;
        }

        @Override
        public CompletableFuture<BiliApiResponse> request(BiliApiRequest request) {
            String url = replayUrl;
            if (url != null && request.url().equals(url)) {
                return CompletableFuture.completedFuture(last);
            }
            return delegate.request(request).thenApply(r -> {
                if (request.url().endsWith("/test/json")) {
                    last = r;
                }
                return r;
            });
        }

        @Override
        public Object getWrappedSession() {
            return delegate.getWrappedSession();
        }

        @Override
        public void setTimeout(Duration timeout) {
            delegate.setTimeout(timeout);
        }

        @Override
        public void setProxy(String proxy) {
            delegate.setProxy(proxy);
        }

        @Override
        public void setVerifySsl(boolean verifySsl) {
            delegate.setVerifySsl(verifySsl);
        }

        @Override
        public void setTrustEnv(boolean trustEnv) {
            delegate.setTrustEnv(trustEnv);
        }

        @Override
        public ClientSettings settings() {
            return delegate.settings();
        }

        @Override
        public CompletableFuture<Integer> wsCreate(String url, Map<String, String> params, Map<String, String> headers,
                Map<String, String> cookies) {
            return delegate.wsCreate(url, params, headers, cookies);
        }

        @Override
        public CompletableFuture<Void> wsSend(int handle, byte[] data) {
            return delegate.wsSend(handle, data);
        }

        @Override
        public CompletableFuture<BiliWsMessage> wsRecv(int handle) {
            return delegate.wsRecv(handle);
        }

        @Override
        public CompletableFuture<Void> wsClose(int handle) {
            return delegate.wsClose(handle);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
