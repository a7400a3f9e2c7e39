package io.github.bilibiliapi.benchmarks;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.ApiResult;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.RequestSettings;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.HttpTestModule;
import io.github.bilibiliapi.test.RecordedRequest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A small JSON GET ({@code /test/json} of the fake, 110 bytes) against a local Reactor Netty server, five ways per
 * backend: the raw HTTP library on the backend's own session, {@link BiliApiClient#request}, a full {@link Api} call
 * without WBI, one with WBI (signature over 3 parameters plus {@code wts} and {@code web_location}), and the raw
 * library sending the very request of the WBI call ({@code rawAsApi}).
 *
 * <p>Concurrency is the JMH thread count ({@code -t 1} / {@code -t 64} from {@code run.sh}): each thread blocks on
 * its call's future, so {@code Mode.SampleTime} gives the latency of one request under that many in flight, and the
 * throughput of this closed loop is threads / mean latency (Little's law). The fake runs in the same JVM and on the
 * same cores: every figure includes the server's CPU, which is the same for all four ways of a backend (the WBI way
 * sends a longer query; the server does not verify it on this route).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class HttpOverheadBenchmark {

    /** Redirected to the fake by the host redirection, so cookies/Referer/buvid are those of a bilibili host. */
    static final String API_URL = "https://api.bilibili.com/test/json";

    @Param({"okhttp", "webclient", "jdk"})
    public String backend;

    private FakeBilibiliServer server;
    private BiliApiClient client;
    private BiliContext context;
    private Backends.RawGet raw;
    private String url;
    private String apiUrl;
    private Map<String, String> apiHeaders;

    /** Starts the fake and the client; warms the buvid activation and the WBI keys once. */
    @Setup(Level.Trial)
    public void setUp() {
        server = FakeBilibiliServer.start();
        client = Backends.create(backend);
        context = BiliContext.builder().client(client)
                .settings(RequestSettings.builder().redirectTo(server.httpBaseUrl()).build()).build();
        raw = Backends.raw(backend, client);
        url = server.httpBaseUrl() + "/test/json";
        String body = new String(raw.get(url).join(), StandardCharsets.UTF_8);
        if (!body.equals(HttpTestModule.JSON_BODY)) {
            throw new IllegalStateException("unexpected body " + body);
        }
        if (api().code() != 0 || request().length != body.length() || apiWbi().code() != 0) {
            throw new IllegalStateException("warm-up calls failed");
        }
        // what the apiWbi way put on the wire, for rawAsApi
        RecordedRequest sent = server.lastRequest("/test/json");
        apiUrl = server.httpBaseUrl() + sent.uri();
        apiHeaders = new LinkedHashMap<>();
        for (String name : new String[] {"User-Agent", "Referer", "Cookie"}) {
            apiHeaders.put(name, Objects.requireNonNull(sent.header(name), name));
        }
        if (!Arrays.equals(rawAsApi(), body.getBytes(StandardCharsets.UTF_8))) {
            throw new IllegalStateException("rawAsApi failed");
        }
    }

    /** Closes client and server. */
    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
        server.close();
    }

    /** @return the body, through the HTTP library alone */
    @Benchmark
    public byte[] raw() {
        return raw.get(url).join();
    }

    /**
     * The raw client sending exactly what {@link #apiWbi()} sends (signed query, User-Agent, Referer, Cookie): the
     * difference to {@code raw} is the wire and server cost of those bytes, the difference to {@code apiWbi} is
     * our client-side work.
     *
     * @return the body
     */
    @Benchmark
    public byte[] rawAsApi() {
        return raw.get(apiUrl, apiHeaders).join();
    }

    /** @return the body, through {@link BiliApiClient#request} */
    @Benchmark
    public byte[] request() {
        return client.request(BiliApiRequest.get(url).build()).join().raw();
    }

    /** @return the parsed result of a full Api call (cookies, headers, redirection, JSON, code check) */
    @Benchmark
    public ApiResult api() {
        return context.execute(Api.get(API_URL).param("mid", 2).build()).join();
    }

    /** @return the same with WBI signing (cached keys) */
    @Benchmark
    public ApiResult apiWbi() {
        return context.execute(Api.get(API_URL).param("mid", 2).param("token", "").param("platform", "web")
                .wbi(true).build()).join();
    }
}
