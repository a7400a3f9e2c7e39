package io.github.bilibiliapi.benchmarks;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.live.danmaku.DanmakuEvent;
import io.github.bilibiliapi.live.danmaku.LiveDanmaku;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.live.LiveModule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * N live rooms at once against the fake, per backend: one {@link LiveDanmaku} per room on one shared client and
 * context, all on one shared 2-thread scheduler. Connects every room (64 connects in flight), then broadcasts the
 * fixture messages to every room in protover 0, 2 and 3 ({@code rounds} times), and counts what arrived. Reports
 * connect time, delivery rate, heap used after a GC (this JVM also hosts the fake, so its sessions are included),
 * live threads, and messages lost (must be 0).
 *
 * <p>Usage: {@code DanmakuScale <out.json> <rounds> N1 [N2 ...]}: on each backend the N values are tried in order
 * until one fails (a room not connected in time, or a message lost); the largest N that passed is reported.
 */
public final class DanmakuScale {

    /** Bound of one room's connect; after the first failure no further rooms are connected. */
    private static final Duration CONNECT_WAIT = Duration.ofSeconds(10);
    private static final Duration DELIVERY_WAIT = Duration.ofMinutes(2);
    private static final int CONNECTS_IN_FLIGHT = 64;

    private DanmakuScale() {
    }

    /**
     * Runs every backend.
     *
     * @param args output file, rounds, room counts
     * @throws Exception on an unexpected failure
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        List<Integer> sizes = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        JsonMapper json = JsonMapper.builder().build();
        ArrayNode rows = json.createArrayNode();
        for (String backend : Backends.selected()) {
            for (int n : sizes) {
                ObjectNode row;
                try {
                    row = run(json, backend, n, rounds);
                } catch (Exception | OutOfMemoryError e) {
                    // e.g. "unable to create native thread" with one thread per WebSocket: a result, not a crash
                    row = json.createObjectNode();
                    row.put("backend", backend);
                    row.put("rooms", n);
                    row.put("failure", String.valueOf(e));
                    row.put("passed", false);
                }
                System.out.println("danmaku-scale " + row);
                rows.add(row);
                if (!row.path("passed").asBoolean()) {
                    break;
                }
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        json.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), rows);
    }

    private static ObjectNode run(JsonMapper json, String backend, int n, int rounds) throws Exception {
        ObjectNode row = json.createObjectNode();
        row.put("backend", backend);
        row.put("rooms", n);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "danmaku-scale");
            t.setDaemon(true);
            return t;
        });
        List<LiveDanmaku> rooms = new ArrayList<>(n);
        try (Fake fake = Fake.start(); BiliApiClient client = Backends.create(backend)) {
            try {
                BiliContext context = Backends.context(client, fake.baseUrl());
                List<String> messages = fixtureMessages();
                row.put("fakeInProcess", fake.inProcess());
                Set<String> types = messages.stream()
                        .map(m -> DanmakuEvent.typeOf(json.readTree(m).path("cmd").asString()))
                        .collect(Collectors.toSet());
                System.gc();
                long heapBefore = memory.getHeapMemoryUsage().getUsed();
                int threadsBefore = Thread.activeCount();
                long rssBefore = rssKiB();

                LongAdder received = new LongAdder();
                LongAdder errors = new LongAdder();
                LongAdder reconnects = new LongAdder();
                for (int i = 0; i < n; i++) {
                    long roomId = 50_000_000L + i;
                    LiveDanmaku d = LiveDanmaku.builder(context, roomId).scheduler(scheduler).build();
                    d.onAny(e -> {
                        if (types.contains(e.type())) {
                            received.increment();
                        } else if (e.type().equals(DanmakuEvent.ERROR)) {
                            errors.increment();
                        } else if (e.type().equals(DanmakuEvent.RECONNECTING)) {
                            reconnects.increment();
                        }
                    });
                    rooms.add(d);
                }

                fake.addRooms(50_000_000L, n);
                long start = System.nanoTime();
                Semaphore window = new Semaphore(CONNECTS_IN_FLIGHT);
                AtomicLong connected = new AtomicLong();
                AtomicLong connectFailures = new AtomicLong();
                for (LiveDanmaku d : rooms) {
                    window.acquire();
                    if (connectFailures.get() > 0) {
                        window.release();
                        break; // this N has failed: do not wait CONNECT_WAIT for every remaining room
                    }
                    d.connect().orTimeout(CONNECT_WAIT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((v, error) -> {
                        if (error == null) {
                            connected.incrementAndGet();
                        } else {
                            connectFailures.incrementAndGet();
                            if (connectFailures.get() <= 3) {
                                System.err.println("connect failed: " + error);
                            }
                        }
                        window.release();
                    });
                }
                window.acquire(CONNECTS_IN_FLIGHT);
                window.release(CONNECTS_IN_FLIGHT);
                double connectSeconds = (System.nanoTime() - start) / 1e9;
                row.put("connected", connected.get());
                row.put("connectFailures", connectFailures.get());
                row.put("liveThreadsAtConnect", Thread.activeCount() - threadsBefore);
                row.put("connectSeconds", round(connectSeconds));
                row.put("serverSessions", fake.authenticatedSessions());

                long sendStart = System.nanoTime();
                long expected = fake.broadcast(rounds);
                long target = expected;
                long deadline = System.nanoTime() + DELIVERY_WAIT.toNanos();
                while (received.sum() < target && System.nanoTime() < deadline) {
                    // a poll with a bounded wait, not a synchronization sleep: delivery has no completion signal
                    TimeUnit.MILLISECONDS.sleep(20);
                }
                double deliverySeconds = (System.nanoTime() - sendStart) / 1e9;
                long got = received.sum();
                System.gc();
                long heapAfter = memory.getHeapMemoryUsage().getUsed();
                row.put("messagesExpected", expected);
                row.put("messagesReceived", got);
                row.put("messagesLost", expected - got);
                row.put("deliverySeconds", round(deliverySeconds));
                row.put("messagesPerSecond", Math.round(got / deliverySeconds));
                row.put("heapUsedMiB", round(heapAfter / 1048576.0));
                row.put("heapDeltaMiB", round((heapAfter - heapBefore) / 1048576.0));
                row.put("heapPerRoomKiB", round((heapAfter - heapBefore) / 1024.0 / n));
                row.put("threadsAdded", Thread.activeCount() - threadsBefore);
                long rss = rssKiB();
                if (rss > 0) {
                    // native memory too (thread stacks, socket buffers): what one thread per WebSocket costs
                    row.put("rssMiB", round(rss / 1024.0));
                    row.put("rssAddedMiB", round((rss - rssBefore) / 1024.0));
                }
                row.put("errors", errors.sum());
                row.put("reconnects", reconnects.sum());
                row.put("passed", connected.get() == n && expected == (long) n * 3 * rounds * messages.size()
                        && got == expected);
            } finally {
                List<CompletableFuture<Void>> closing = new ArrayList<>();
                for (LiveDanmaku d : rooms) {
                    closing.add(d.disconnect());
                }
                try {
                    CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).handle((v, e) -> null)
                            .get(20, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // rooms stuck in a connect: closing the client right after cancels them
                    System.err.println("disconnect of " + n + " rooms did not finish within 20 s on " + backend);
                    row.put("disconnectTimedOut", true);
                }
                scheduler.shutdownNow();
            }
        }
        return row;
    }

    /** This process's resident set from {@code /proc/self/status}, 0 where there is none. */
    private static long rssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the row simply has no RSS
        }
        return 0;
    }

    /** The 15 fixture messages the fake broadcasts ({@link LiveModule#FIXTURE_NAMES}), compact. */
    private static List<String> fixtureMessages() {
        List<String> out = new ArrayList<>();
        for (String name : LiveModule.FIXTURE_NAMES) {
            out.add(DanmakuDecodeBenchmark.fixture(name.substring(0, name.length() - ".json".length())));
        }
        return out;
    }

    /**
     * The fake bilibili: in this JVM (default), or with {@code -Dbench.fake=process} in a JVM of its own
     * ({@link FakeProcess}), so that this JVM's open-file limit counts only the client's sockets.
     */
    interface Fake extends AutoCloseable {

        static Fake start() throws IOException {
            return "process".equals(System.getProperty("bench.fake", "")) ? new OutOfProcess() : new InProcess();
        }

        String baseUrl();

        boolean inProcess();

        void addRooms(long first, int count) throws IOException;

        /** Sends the fixture messages to every session, protover 0, 2 and 3, {@code rounds} times; returns the count. */
        long broadcast(int rounds) throws IOException;

        int authenticatedSessions() throws IOException;

        @Override
        void close() throws IOException;
    }

    static final class InProcess implements Fake {
        private final FakeBilibiliServer server = FakeBilibiliServer.start();
        private final LiveModule live = server.module(LiveModule.class);

        @Override
        public String baseUrl() {
            return server.httpBaseUrl();
        }

        @Override
        public boolean inProcess() {
            return true;
        }

        @Override
        public void addRooms(long first, int count) {
            for (int i = 0; i < count; i++) {
                live.addRoom(0, first + i);
            }
        }

        @Override
        public long broadcast(int rounds) {
            List<String> messages = live.fixtureMessages();
            long sent = 0;
            for (int r = 0; r < rounds; r++) {
                for (LiveModule.Compression c : LiveModule.Compression.values()) {
                    sent += (long) live.broadcastMessages(c, messages) * messages.size();
                }
            }
            return sent;
        }

        @Override
        public int authenticatedSessions() {
            return live.authenticatedSessions();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    static final class OutOfProcess implements Fake {
        private final Process process;
        private final BufferedReader out;
        private final java.io.PrintWriter in;
        private final String baseUrl;

        OutOfProcess() throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-Xmx2g", "-Dslf4j.internal.verbosity=ERROR", "-cp",
                    System.getProperty("java.class.path"), FakeProcess.class.getName())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new java.io.PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            baseUrl = answer("ready");
        }

        private String answer(String prefix) throws IOException {
            String line = out.readLine();
            if (line == null || !line.startsWith(prefix + " ") && !line.equals(prefix)) {
                throw new IOException("fake process answered " + line + ", expected " + prefix);
            }
            return line.substring(prefix.length()).trim();
        }

        @Override
        public String baseUrl() {
            return baseUrl;
        }

        @Override
        public boolean inProcess() {
            return false;
        }

        @Override
        public void addRooms(long first, int count) throws IOException {
            in.println("rooms " + first + " " + count);
            answer("ok");
        }

        @Override
        public long broadcast(int rounds) throws IOException {
            in.println("broadcast " + rounds);
            return Long.parseLong(answer("sent"));
        }

        @Override
        public int authenticatedSessions() throws IOException {
            in.println("sessions");
            return Integer.parseInt(answer("sessions"));
        }

        @Override
        public void close() throws IOException {
            in.println("quit");
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
