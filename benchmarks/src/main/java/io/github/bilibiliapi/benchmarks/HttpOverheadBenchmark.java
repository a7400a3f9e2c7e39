package io.github.bilibiliapi.benchmarks;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.ApiResult;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.HttpTestModule;
import io.github.bilibiliapi.test.RecordedRequest;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * A small JSON GET ({@code /test/json} of the fake, 110 bytes) against a local Reactor Netty server, five ways per
 * backend ({@link #WAYS}): the raw HTTP library on the backend's own session, {@link BiliApiClient#request}, a full
 * {@link Api} call without WBI, one with WBI (signature over 3 parameters plus {@code wts} and
 * {@code web_location}), and the raw library sending the very request of the WBI call ({@code rawAsApi}).
 *
 * <p><b>Concurrency is a window of requests in flight</b> ({@code window} = 1 or 64), kept full the way a reactive
 * pipeline ({@code flatMap} with a concurrency of 64) keeps it full: each call's completion starts the next call of
 * the same way, on the thread that completed it. The JMH thread only counts completions (one invocation waits for
 * one), so the score is requests completed per second. At an iteration's end no new call starts and the ones in
 * flight are drained ({@link #drain}) before the next way begins. Each request's latency, from its start until its
 * future completes, goes into a histogram per way ({@link LatencyHistogram}), written to {@code -Dbench.out} as
 * {@code http-latency-<backend>-w<window>-<pid>.json} (one file per fork, with each measured iteration's calls, CPU
 * and JIT time) with the process CPU time per completed call (client, server and
 * JMH together: the difference between two ways is the extra CPU of one, which the window hides at concurrency 1 and
 * throughput shows at 64) and the JIT compilation time that fell into the way's iterations (which that CPU figure
 * includes). Neither 64 JMH threads each blocking on a call (on few cores, 64 runnable threads cost more than the
 * requests) nor one JMH thread starting every call (whatever work a way does before its request would go through that
 * one thread's share of the CPU) measures what a reactive caller sees.
 *
 * <p><b>The ways take turns within one fork</b>: every JMH iteration runs one way, the next iteration the next way
 * ({@link #wayOf}), so each way gets the same share of the fork's conditions. Separate forks per way would measure the
 * fork more than the way on a shared machine (thread placement, JIT decisions, other tenants differ between forks far
 * more than the few percent being measured). Taking turns puts any drift (another
 * build starting, a GC, the JIT finishing late) on every way alike, and all ways run the same compiled code, as they
 * would in one application. Each round of five iterations starts one way later than the round before, so no way
 * always follows the same neighbour. {@code PerformanceReport} splits the per-iteration scores of the JSON result
 * back into ways with {@link #wayOf}.
 *
 * <p>Before JMH's warm-up, every way is called on one thread until the compiler has been idle for a second (at
 * most {@code -Dbench.warmUpMaxMs}, default 15 s; idle = {@code jcmd Compiler.queue} shows no compilation running
 * or queued); then the ways take turns with the window full, a quarter second each, until two rounds in a row
 * compile for less than {@link #JIT_SETTLED_MS} each (at most {@code -Dbench.warmUpMaxMs} again): code that only runs with many
 * calls in flight (contended queues, event loops under load) and the methods the single-threaded profile did not
 * make hot are compiled there, not in some measured iteration of whichever way happens to meet them first. Before
 * each measurement iteration the benchmark waits, with no calls running, for the compiler to finish what the
 * previous iterations queued (at most {@code -Dbench.jitWaitMaxMs}, default 5 s, outside the measured time): on few
 * cores a compiler still busy would otherwise take a large share of the measured CPU.
 *
 * <p>The fake runs in the same JVM and on the same cores: every figure includes the server's CPU.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 15, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class HttpOverheadBenchmark {

    /** The ways of the report, in the order of the first round. */
    static final List<String> REPORT_WAYS = List.of("raw", "request", "api", "apiWbi", "rawAsApi");

    /**
     * The ways measured, in the order of the first round: {@link #REPORT_WAYS} unless {@code -Dbench.ways} lists
     * others (comma-separated), e.g. with {@code requestAsApi}, {@link BiliApiClient#request} sending the very
     * request of the WBI call, which splits apiWbi's cost between the client and the Api layer. The report reads
     * runs with the default ways only.
     */
    static final List<String> WAYS = System.getProperty("bench.ways") == null ? REPORT_WAYS
            : List.of(System.getProperty("bench.ways").split(","));

    /** How long the JIT must have compiled nothing before the single-threaded warm-up ends. */
    static final long JIT_QUIET_MS = Long.getLong("bench.jitQuietMs", 1_000);
    /** The longest wait for an idle compiler before a measurement iteration. */
    static final long JIT_WAIT_MAX_MS = Long.getLong("bench.jitWaitMaxMs", 5_000);
    /** The single-threaded warm-up's limit, and again the concurrent warm-up's. */
    static final long WARM_UP_MAX_MS = Long.getLong("bench.warmUpMaxMs", 15_000);
    /** The compilation time below which a round of the concurrent warm-up counts as settled. */
    static final long JIT_SETTLED_MS = Long.getLong("bench.jitSettledMs", 25);
    /** How long each way runs with the window full in a round of the concurrent warm-up. */
    static final long WARM_UP_TURN_MS = 250;

    /** {@code -Dbench.only=<way>} runs only that way in every iteration: for profiling one way, not for the report. */
    static final String ONLY = System.getProperty("bench.only");

    @Param({"okhttp", "webclient", "jdk"})
    public String backend;

    /** Requests in flight. */
    @Param({"1", "64"})
    public int window;

    private FakeBilibiliServer server;
    private BiliApiClient client;
    private BiliContext context;
    private Backends.RawGet raw;
    private String url;
    private String apiUrl;
    private Map<String, String> apiHeaders;
    /** The request apiWbi sent, as {@link BiliApiClient#request} takes it (for {@code requestAsApi}). */
    private BiliApiRequest apiRequest;
    private final Map<String, Way> ways = new LinkedHashMap<>();
    /** Where the latencies of warm-up calls go. */
    private final LatencyHistogram unmeasured = new LatencyHistogram();
    /**
     * The histogram of the current iteration, the way's or {@link #unmeasured}: unmeasured calls record too, through
     * the same code without a branch, so the code measured is the code the warm-up compiled.
     */
    private volatile LatencyHistogram recordTo = unmeasured;
    /** One permit per completed call, taken by {@link #call()}. */
    private final Semaphore completed = new Semaphore(0);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running;
    private volatile Way current;
    /** Whether the current iteration is measured (its latencies and CPU count for its way). */
    private volatile boolean measuring;
    /** Completed calls of the current iteration. */
    private final java.util.concurrent.atomic.AtomicLong completions = new java.util.concurrent.atomic.AtomicLong();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    private final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long cpuAtStart;
    private long switchesAtStart;
    private long jitAtStart;
    private int warmUpIterations;
    private int measuredIterations;

    /** One way of calling, and what its measurement iterations added up. */
    private static final class Way {
        final Supplier<CompletableFuture<?>> call;
        final LatencyHistogram latency = new LatencyHistogram();
        /** Process CPU, completed calls and JIT time over the way's measurement iterations. */
        long cpuNanos;
        long calls;
        long jitMillis;
        /**
         * Per measurement iteration, in order: completed calls, process CPU (ns), JIT time (ms), context switches of
         * all the process's threads (-1 when the system does not tell), the most live threads.
         */
        final List<long[]> iterations = new ArrayList<>();

        Way(Supplier<CompletableFuture<?>> call) {
            this.call = call;
        }

        void add(long iterationCalls, long iterationCpuNanos, long iterationJitMillis, long switches,
                long peakThreads) {
            calls += iterationCalls;
            cpuNanos += iterationCpuNanos;
            jitMillis += iterationJitMillis;
            iterations.add(new long[] {iterationCalls, iterationCpuNanos, iterationJitMillis, switches, peakThreads});
        }

        /**
         * @return the latency histogram's JSON with the CPU per call, the JIT time and each iteration's calls, CPU,
         *         JIT time, context switches and peak thread count added
         */
        String toJson() {
            String histogram = latency.toJson();
            String cpuPerCall = calls == 0 ? "null"
                    : String.format(java.util.Locale.ROOT, "%.1f", cpuNanos / 1000.0 / calls);
            StringBuilder perIteration = new StringBuilder("[");
            for (long[] i : iterations) {
                perIteration.append(perIteration.length() > 1 ? ", " : "").append("{\"calls\": ").append(i[0])
                        .append(", \"cpuNanos\": ").append(i[1]).append(", \"jitMillis\": ").append(i[2])
                        .append(", \"contextSwitches\": ").append(i[3]).append(", \"peakThreads\": ").append(i[4])
                        .append('}');
            }
            return histogram.substring(0, histogram.length() - 1) + ", \"cpuMicrosPerCall\": " + cpuPerCall
                    + ", \"jitMillis\": " + jitMillis + ", \"cpuNanos\": " + cpuNanos + ", \"calls\": " + calls
                    + ", \"iterations\": " + perIteration.append(']') + "}";
        }
    }

    /**
     * The way measured by a measurement iteration: round {@code i / 5} runs the ways in {@link #WAYS} order, rotated
     * by the round number.
     *
     * @param iteration the measurement iteration, from 0
     * @return the way's name
     */
    static String wayOf(int iteration) {
        int n = WAYS.size();
        return WAYS.get((iteration % n + iteration / n) % n);
    }

    /** Starts the fake and the client, checks every way once, then warms them all until the JIT is done. */
    @Setup(Level.Trial)
    public void setUp() {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, got " + window);
        }
        server = FakeBilibiliServer.start();
        client = Backends.create(backend);
        context = Backends.context(client, server);
        raw = Backends.raw(backend, client);
        url = server.httpBaseUrl() + "/test/json";
        byte[] body = raw.get(url).join();
        if (!new String(body, StandardCharsets.UTF_8).equals(HttpTestModule.JSON_BODY)) {
            throw new IllegalStateException("unexpected body " + new String(body, StandardCharsets.UTF_8));
        }
        if (api().join().code() != 0 || !Arrays.equals(request().join(), body) || apiWbi().join().code() != 0) {
            throw new IllegalStateException("warm-up calls failed");
        }
        // what the apiWbi way put on the wire, for rawAsApi
        RecordedRequest sent = server.lastRequest("/test/json");
        apiUrl = server.httpBaseUrl() + sent.uri();
        apiHeaders = new LinkedHashMap<>();
        for (String name : new String[] {"User-Agent", "Referer", "Cookie"}) {
            apiHeaders.put(name, Objects.requireNonNull(sent.header(name), name));
        }
        if (!Arrays.equals(rawAsApi().join(), body)) {
            throw new IllegalStateException("rawAsApi failed");
        }
        BiliApiRequest.Builder asApi = BiliApiRequest.get(apiUrl);
        apiHeaders.forEach((name, value) -> {
            if (!name.equals("Cookie")) {
                asApi.header(name, value);
            }
        });
        for (String pair : apiHeaders.get("Cookie").split("; ")) {
            int eq = pair.indexOf('=');
            asApi.cookie(pair.substring(0, eq), pair.substring(eq + 1));
        }
        apiRequest = asApi.build();
        if (!Arrays.equals(requestAsApi().join(), body)) {
            throw new IllegalStateException("requestAsApi failed");
        }
        Map<String, Way> all = new LinkedHashMap<>();
        all.put("raw", new Way(this::raw));
        all.put("request", new Way(this::request));
        all.put("api", new Way(this::api));
        all.put("apiWbi", new Way(this::apiWbi));
        all.put("rawAsApi", new Way(this::rawAsApi));
        all.put("requestAsApi", new Way(this::requestAsApi));
        for (String way : WAYS) {
            ways.put(way, Objects.requireNonNull(all.get(way), () -> "no way '" + way + "', expected some of "
                    + all.keySet()));
        }
        if (!ways.keySet().equals(new LinkedHashSet<>(WAYS))) {
            throw new IllegalStateException("ways " + ways.keySet() + " differ from " + WAYS);
        }
        warmUntilCompiled();
        warmConcurrentlyUntilSettled();
    }

    /**
     * Picks the way of the coming iteration and fills the window with its calls.
     *
     * @param iteration the coming iteration, warm-up or measurement
     */
    @Setup(Level.Iteration)
    public void nextWay(IterationParams iteration) {
        measuring = iteration.getType() != IterationType.WARMUP;
        String way = measuring ? wayOf(measuredIterations++) : WAYS.get(warmUpIterations++ % WAYS.size());
        if (ONLY != null) {
            way = ONLY; // profiling one way: every iteration runs it (the report's way split no longer applies)
        }
        current = Objects.requireNonNull(ways.get(way), () -> "no way '" + ONLY + "', expected one of " + WAYS);
        if (measuring) {
            long waited = awaitCompilerIdle();
            // the log shows which way each "Iteration N" line measured
            System.out.print("[" + way + ", compiler idle after " + waited + " ms] ");
        }
        recordTo = measuring ? current.latency : unmeasured;
        completions.set(0);
        // read before the CPU counter starts: walking every thread's status costs a few milliseconds
        switchesAtStart = measuring ? contextSwitches() : -1;
        threads.resetPeakThreadCount();
        cpuAtStart = os.getProcessCpuTime();
        jitAtStart = jit.getTotalCompilationTime();
        running = true;
        for (int i = 0; i < window; i++) {
            start();
        }
    }

    /**
     * Stops starting calls and waits until the ones in flight have completed, so they neither count for nor slow
     * down the next way; fails the run if any call failed.
     */
    @TearDown(Level.Iteration)
    public void drain() {
        running = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (inFlight.get() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(inFlight.get() + " calls still in flight 60 s after the iteration");
            }
            // between iterations, outside the measurement: a short park instead of another signalling path
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        completed.drainPermits();
        if (measuring) {
            long cpu = os.getProcessCpuTime() - cpuAtStart;
            long switches = contextSwitches();
            current.add(completions.get(), cpu, jit.getTotalCompilationTime() - jitAtStart,
                    switches < 0 || switchesAtStart < 0 ? -1 : switches - switchesAtStart,
                    threads.getPeakThreadCount());
        }
        Throwable failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("a call failed", failed);
        }
    }

    /**
     * Writes this fork's latency histograms and per-iteration figures and closes client and server. Each fork
     * writes its own file ({@code http-latency-<backend>-w<window>-<pid>.json}), so the report merges the forks
     * instead of reading the last one.
     *
     * @throws IOException if the histograms cannot be written
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try {
            String out = System.getProperty("bench.out");
            if (out != null) {
                StringBuilder json = new StringBuilder("{");
                ways.forEach((name, way) -> json.append(json.length() > 1 ? ",\n" : "\n").append('"').append(name)
                        .append("\": ").append(way.toJson()));
                json.append("\n}\n");
                Path file = Path.of(out, "http-latency-" + backend + "-w" + window + "-"
                        + ProcessHandle.current().pid() + ".json");
                Files.createDirectories(file.getParent());
                Files.writeString(file, json, StandardCharsets.UTF_8);
            }
        } finally {
            client.close();
            server.close();
        }
    }

    /**
     * Waits for one call of this iteration's way to complete.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    @Benchmark
    public void call() throws InterruptedException {
        if (!completed.tryAcquire(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no call completed for 60 s", failure.get());
        }
    }

    /** Starts one call of the current way; its completion starts the next while the iteration runs. */
    private void start() {
        Way way = current;
        LatencyHistogram histogram = recordTo;
        inFlight.incrementAndGet();
        long begin = System.nanoTime();
        CompletableFuture<?> call;
        try {
            call = way.call.get();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
            inFlight.decrementAndGet();
            return;
        }
        call.whenComplete((result, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            } else {
                histogram.record(System.nanoTime() - begin);
                if (running) {
                    start();
                }
            }
            completions.incrementAndGet();
            inFlight.decrementAndGet();
            completed.release();
        });
    }

    /**
     * Calls every way in turn on this one thread until the compiler has had nothing to do for {@link #JIT_QUIET_MS}
     * (at most {@link #WARM_UP_MAX_MS}).
     */
    private void warmUntilCompiled() {
        long start = System.nanoTime();
        long idleSince = -1;
        while (true) {
            for (Way way : ways.values()) {
                for (int i = 0; i < 50; i++) {
                    way.call.get().join();
                }
            }
            long now = System.nanoTime();
            if (!compilerIdle()) {
                idleSince = -1;
            } else if (idleSince < 0) {
                idleSince = now;
            } else if (now - idleSince > TimeUnit.MILLISECONDS.toNanos(JIT_QUIET_MS)) {
                System.out.printf("single-threaded warm-up: %d ms, JIT quiet%n", (now - start) / 1_000_000);
                return;
            }
            if (now - start > TimeUnit.MILLISECONDS.toNanos(WARM_UP_MAX_MS)) {
                System.out.printf("single-threaded warm-up: %d ms, JIT still compiling%n", (now - start) / 1_000_000);
                return;
            }
        }
    }

    /**
     * Lets the ways take turns with the window full ({@link #WARM_UP_TURN_MS} each, nothing measured) until two
     * rounds in a row compiled for less than {@link #JIT_SETTLED_MS} each (at most {@link #WARM_UP_MAX_MS}): one
     * quiet round may only be the gap before the compiler's next tier.
     */
    private void warmConcurrentlyUntilSettled() {
        long start = System.nanoTime();
        int rounds = 0;
        int settledInARow = 0;
        while (true) {
            awaitCompilerIdle();
            long jitBefore = jit.getTotalCompilationTime();
            for (Way way : ways.values()) {
                current = way;
                measuring = false;
                recordTo = unmeasured;
                running = true;
                for (int i = 0; i < window; i++) {
                    start();
                }
                // counting completions as call() does, so the hand-off to a waiting thread is warm too
                long turnEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WARM_UP_TURN_MS);
                while (System.nanoTime() < turnEnd) {
                    try {
                        call();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted in the warm-up", e);
                    }
                }
                drain();
            }
            rounds++;
            long compiled = jit.getTotalCompilationTime() - jitBefore;
            settledInARow = compiled < JIT_SETTLED_MS ? settledInARow + 1 : 0;
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            if (settledInARow == 2 || elapsed > WARM_UP_MAX_MS) {
                System.out.printf("concurrent warm-up: %d ms, %d rounds, last round compiled for %d ms%s%n", elapsed,
                        rounds, compiled, settledInARow == 2 ? "" : " (limit reached)");
                return;
            }
        }
    }

    /**
     * @return the voluntary and involuntary context switches of every thread of this process so far (Linux
     *         {@code /proc/self/task/<tid>/status}; a thread that ends between two readings takes its switches with it,
     *         which OkHttp's idle timeout of 60 s makes rare within a 1 s iteration), or -1 when the system has no
     *         such files
     */
    static long contextSwitches() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return -1;
        }
        long sum = 0;
        try (java.util.stream.Stream<Path> all = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) all::iterator) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"), StandardCharsets.US_ASCII)) {
                        if (line.startsWith("voluntary_ctxt_switches:")
                                || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException | java.io.UncheckedIOException e) {
                    // the thread ended while we listed it: it no longer counts on either side
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return sum;
    }

    /**
     * Waits, with no calls running, until the compiler has finished what the previous iterations gave it (at most
     * {@link #JIT_WAIT_MAX_MS}): outside the measured time, with the cores free, a queue that would take seconds under load drains fast.
     */
    private static long awaitCompilerIdle() {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(JIT_WAIT_MAX_MS);
        while (!compilerIdle() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * @return whether no method is being compiled and every compile queue is empty ({@code jcmd Compiler.queue});
     *         true when the JVM cannot tell (then only the time limits apply)
     */
    static boolean compilerIdle() {
        String queue;
        try {
            queue = String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerQueue",
                    new Object[] {null}, new String[] {String[].class.getName()}));
        } catch (javax.management.JMException | RuntimeException e) {
            return true;
        }
        int current = queue.indexOf("Current compiles:");
        int firstQueue = queue.indexOf("compile queue:");
        if (current < 0 || firstQueue < 0) {
            return true;
        }
        String running = queue.substring(current + "Current compiles:".length(), queue.lastIndexOf('\n', firstQueue));
        if (!running.isBlank()) {
            return false;
        }
        for (int i = firstQueue; i >= 0; i = queue.indexOf("compile queue:", i + 1)) {
            if (!queue.startsWith("Empty", i + "compile queue:".length() + 1)) {
                return false;
            }
        }
        return true;
    }

    /** @return the body, through the HTTP library alone */
    CompletableFuture<byte[]> raw() {
        return raw.get(url);
    }

    /**
     * The raw client sending exactly what {@link #apiWbi()} sends (signed query, User-Agent, Referer, Cookie): the
     * difference to {@code raw} is the wire and server cost of those bytes, the difference to {@code apiWbi} is
     * our client-side work.
     *
     * @return the body
     */
    CompletableFuture<byte[]> rawAsApi() {
        return raw.get(apiUrl, apiHeaders);
    }

    /**
     * {@link BiliApiClient#request} sending what {@link #apiWbi()} sends (the signed query in the URL, User-Agent,
     * Referer, cookies): the difference to {@code rawAsApi} is the client's work on that request, the difference to
     * {@code apiWbi} the Api layer's.
     *
     * @return the body
     */
    CompletableFuture<byte[]> requestAsApi() {
        return client.request(apiRequest).thenApply(BiliApiResponse::raw);
    }

    /** @return the body, through {@link BiliApiClient#request} */
    CompletableFuture<byte[]> request() {
        return client.request(BiliApiRequest.get(url).build()).thenApply(BiliApiResponse::raw);
    }

    /** @return the parsed result of a full Api call (cookies, headers, redirection, JSON, code check) */
    CompletableFuture<ApiResult> api() {
        return context.execute(Backends.plainApi());
    }

    /** @return the same with WBI signing (cached keys) */
    CompletableFuture<ApiResult> apiWbi() {
        return context.execute(Backends.wbiApi());
    }
}
