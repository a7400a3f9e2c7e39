package io.github.bilibiliapi.benchmarks;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Counts the TCP connections the fake accepts for {@code n} sequential and {@code n} concurrent (64 in flight)
 * {@code GET /test/json} through {@link BiliApiClient#request} on each backend, each run on a fresh server and a fresh
 * client. With {@code --raw} the same runs go through the raw HTTP library on the backend's session, for comparison.
 *
 * <p>Usage: {@code ConnectionReuse <out.json> [n] [--raw]}. Not a JMH benchmark: the figure is a count, not a time.
 */
public final class ConnectionReuse {

    static final int IN_FLIGHT = 64;

    private ConnectionReuse() {
    }

    /**
     * Runs every backend and writes the JSON.
     *
     * @param args output file, request count, {@code --raw}
     * @throws Exception on failure (a failed request fails the run)
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        boolean withRaw = List.of(args).contains("--raw");
        JsonMapper json = JsonMapper.builder().build();
        ArrayNode rows = json.createArrayNode();
        for (String backend : Backends.selected()) {
            List<String> ways = withRaw ? List.of("request", "raw") : List.of("request");
            for (String way : ways) {
                for (boolean concurrent : new boolean[] {false, true}) {
                    ObjectNode row = run(json, backend, way, concurrent, n);
                    System.out.println("connections " + row);
                    rows.add(row);
                }
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        json.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), rows);
    }

    private static ObjectNode run(JsonMapper json, String backend, String way, boolean concurrent, int n)
            throws InterruptedException {
        try (FakeBilibiliServer server = FakeBilibiliServer.start(); BiliApiClient client = Backends.create(backend)) {
            String url = server.httpBaseUrl() + "/test/json";
            Function<String, CompletableFuture<byte[]>> call = way.equals("raw") ? Backends.raw(backend, client)::get
                    : u -> client.request(BiliApiRequest.get(u).build()).thenApply(r -> r.raw());
            server.resetCounters();
            long start = System.nanoTime();
            AtomicLong ok = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            if (concurrent) {
                Semaphore window = new Semaphore(IN_FLIGHT);
                for (int i = 0; i < n && failure.get() == null; i++) {
                    window.acquire();
                    call.apply(url).whenComplete((body, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        } else {
                            ok.incrementAndGet();
                        }
                        window.release();
                    });
                }
                window.acquire(IN_FLIGHT); // all completed
            } else {
                for (int i = 0; i < n; i++) {
                    call.apply(url).join();
                    ok.incrementAndGet();
                }
            }
            if (failure.get() != null) {
                throw new IllegalStateException(backend + "/" + way + " failed", failure.get());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            ObjectNode row = json.createObjectNode();
            row.put("backend", backend);
            row.put("way", way);
            row.put("mode", concurrent ? "concurrent" : "sequential");
            row.put("inFlight", concurrent ? IN_FLIGHT : 1);
            row.put("requests", n);
            row.put("ok", ok.get());
            row.put("serverRequests", server.requestCount("/test/json"));
            row.put("connectionsOpened", server.connectionsOpened());
            row.put("seconds", Math.round(seconds * 100) / 100.0);
            return row;
        }
    }
}
