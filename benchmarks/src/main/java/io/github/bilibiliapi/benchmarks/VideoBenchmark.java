package io.github.bilibiliapi.benchmarks;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.HostRedirect;
import io.github.bilibiliapi.api.RequestSettings;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.jdk.JdkBiliApiClient;
import io.github.bilibiliapi.client.okhttp.OkHttpBiliApiClient;
import io.github.bilibiliapi.client.webclient.WebClientBiliApiClient;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.bilibili.DmProtoEncoder;
import io.github.bilibiliapi.test.bilibili.FakeDanmaku;
import io.github.bilibiliapi.test.bilibili.VideoModule;
import io.github.bilibiliapi.video.DashStream;
import io.github.bilibiliapi.video.DmSegDecoder;
import io.github.bilibiliapi.video.PlayUrlRequest;
import io.github.bilibiliapi.video.StreamSelector;
import io.github.bilibiliapi.video.VideoDownloader;
import io.github.bilibiliapi.video.VideoService;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The video numbers (a plain {@code main}, run by {@code benchmarks/video.sh}): download throughput of
 * {@link VideoDownloader} against one raw GET of the same file on the same backend (loopback, the fake's CDN), heap
 * growth during a large download, and the danmaku segment decode rate on one thread.
 *
 * <p>Arguments: {@code [throughputMiB] [heapMiB]} (default 256 and 1024; 0 skips the throughput runs and the decode
 * rate, so the heap run can go under a small {@code -Xmx}: finishing a 1 GiB download under {@code -Xmx64m} shows
 * memory does not grow with the file). Of the heap figures, "live-after-gc-growth" is the largest growth of the
 * heap in use right after a full collection run after each chunk (reachable data only: the chunks in flight and
 * whatever the client keeps; the collections slow the heap run's rate); "peak-used-growth" counts garbage not yet
 * collected and is only indicative. Prints one line per figure; the throughput line also gives the process CPU per
 * MiB of each side (load-independent where the rate is not). {@code -Dbench.video.threads=true} prints each round's
 * CPU per MiB by thread group; {@code -Dbench.video.decode=false} skips the decode rate.
 */
public final class VideoBenchmark {

    static final String BVID = "BV17x411w7KC";
    static final long CID = 146044693;
    /** The downloader's chunk size and parallelism: its defaults unless -Dbench.video.chunkMiB / .parallel say. */
    static final int CHUNK = Integer.getInteger("bench.video.chunkMiB", 4) * 1024 * 1024;
    static final int PARALLEL = Integer.getInteger("bench.video.parallel", 4);
    /** Rounds of one raw GET then one download; a round of a 256 MiB file lasts about a second on loopback. */
    static final int ROUNDS = Integer.getInteger("bench.video.rounds", 9);

    private VideoBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long throughputBytes = (args.length > 0 ? Long.parseLong(args[0]) : 256) << 20;
        long heapBytes = (args.length > 1 ? Long.parseLong(args[1]) : 1024) << 20;
        if (throughputBytes > 0 && !"false".equals(System.getProperty("bench.video.decode"))) {
            decodeRate();
        }
        Path dir = Files.createTempDirectory("video-bench");
        try (FakeBilibiliServer server = FakeBilibiliServer.start()) {
            VideoModule.State state = server.module(VideoModule.class).state();
            for (String name : Backends.selected()) {
                if (throughputBytes > 0) {
                ClientSettings settings = new ClientSettings("", Duration.ofSeconds(120), true, false,
                        (int) Math.min(Integer.MAX_VALUE, throughputBytes + (1 << 20)));
                try (BiliApiClient client = create(name, settings)) {
                    BiliContext ctx = context(client, server);
                    state.setTrackSize(throughputBytes);
                    DashStream track = track(ctx);
                    VideoDownloader downloader = VideoDownloader.builder(ctx).chunkSize(CHUNK).parallelism(PARALLEL)
                            .build();
                    // warm-up: one of each, small
                    raw(client, ctx, track, dir.resolve("raw"));
                    download(downloader, track, dir.resolve("warm"));
                    List<Double> rawRates = new ArrayList<>();
                    List<Double> dlRates = new ArrayList<>();
                    List<Double> rawCpu = new ArrayList<>();
                    List<Double> dlCpu = new ArrayList<>();
                    for (int i = 0; i < ROUNDS; i++) {
                        // alternate which goes first, so a load change during the run hits both alike
                        for (int k = 0; k < 2; k++) {
                            boolean rawTurn = (k == 0) == (i % 2 == 0);
                            java.util.Map<String, Long> th0 = threadCpu();
                            long c0 = cpuNanos();
                            long t0 = System.nanoTime();
                            long n = rawTurn ? raw(client, ctx, track, dir.resolve("raw"))
                                    : download(downloader, track, dir.resolve("f" + i));
                            double mib = n / 1048576.0;
                            if (Boolean.getBoolean("bench.video.threads")) {
                                java.util.Map<String, Long> th1 = threadCpu();
                                long javaSum = 0;
                                StringBuilder sb = new StringBuilder();
                                for (var e : th1.entrySet()) {
                                    long d = e.getValue() - th0.getOrDefault(e.getKey(), 0L);
                                    javaSum += d;
                                    sb.append(String.format(Locale.ROOT, " %s=%.2f", e.getKey(), d / 1e6 / mib));
                                }
                                System.out.printf(Locale.ROOT, "  %s cpu-ms/MiB%s other(gc,jit)=%.2f%n",
                                        rawTurn ? "raw" : "dl ", sb, ((cpuNanos() - c0) - javaSum) / 1e6 / mib);
                            }
                            (rawTurn ? rawRates : dlRates).add(mib / ((System.nanoTime() - t0) / 1e9));
                            (rawTurn ? rawCpu : dlCpu).add((cpuNanos() - c0) / 1e6 / mib);
                        }
                    }
                    double raw = median(rawRates);
                    double dl = median(dlRates);
                    System.out.printf(Locale.ROOT, "throughput %s file=%d MiB raw-get=%.0f MiB/s downloader=%.0f MiB/s "
                            + "(chunk %d MiB x %d) ratio=%.0f%% cpu-raw=%.2f cpu-downloader=%.2f ms/MiB "
                            + "(process CPU, fake CDN included)%n", name, throughputBytes >> 20, raw, dl, CHUNK >> 20,
                            PARALLEL, 100 * dl / raw, median(rawCpu), median(dlCpu));
                }
                }
                if (heapBytes == 0) {
                    continue;
                }
                try (BiliApiClient client = create(name, new ClientSettings("", Duration.ofSeconds(120), true,
                        false, CHUNK))) {
                    BiliContext ctx = context(client, server);
                    state.setTrackSize(heapBytes);
                    DashStream track = track(ctx);
                    VideoDownloader downloader = VideoDownloader.builder(ctx).chunkSize(CHUNK).parallelism(PARALLEL)
                            .build();
                    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
                    System.gc();
                    long liveBase = liveAfterGc();
                    long base = memory.getHeapMemoryUsage().getUsed();
                    AtomicLong peak = new AtomicLong();
                    AtomicLong livePeak = new AtomicLong();
                    long t0 = System.nanoTime();
                    Path file = dir.resolve("big");
                    downloader.download(track, file, p -> {
                        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed() - base, Math::max);
                        livePeak.accumulateAndGet(liveAfterGc() - liveBase, Math::max);
                    }).join();
                    double secs = (System.nanoTime() - t0) / 1e9;
                    System.out.printf(Locale.ROOT, "heap %s file=%d MiB live-after-gc-growth=%.1f MiB "
                            + "peak-used-growth=%.1f MiB bound=%d MiB (chunk x parallel + 16) base-used=%.1f MiB "
                            + "max-heap=%d MiB rate=%.0f MiB/s%n", name, heapBytes >> 20, livePeak.get() / 1048576.0,
                            peak.get() / 1048576.0, (CHUNK >> 20) * PARALLEL + 16, base / 1048576.0,
                            Runtime.getRuntime().maxMemory() >> 20, (heapBytes >> 20) / secs);
                    Files.deleteIfExists(file);
                }
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** CPU time of the live threads, summed by name with digits dropped. */
    static java.util.Map<String, Long> threadCpu() {
        var mx = ManagementFactory.getThreadMXBean();
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long t = mx.getThreadCpuTime(info.getThreadId());
            if (t > 0) {
                out.merge(info.getThreadName().replaceAll("\\d+", "N"), t, Long::sum);
            }
        }
        return out;
    }

    /** @return CPU time of the whole process (every thread, the in-process fake CDN's included) */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * @return heap in use right after a full collection: what is reachable at this moment (the chunks in flight
     *         included), without garbage
     */
    static long liveAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static BiliApiClient create(String name, ClientSettings settings) {
        return switch (name) {
            case "okhttp" -> OkHttpBiliApiClient.create(settings, null);
            case "webclient" -> WebClientBiliApiClient.create(settings, null);
            case "jdk" -> JdkBiliApiClient.create(settings, null);
            default -> throw new IllegalArgumentException("unknown backend " + name);
        };
    }

    static BiliContext context(BiliApiClient client, FakeBilibiliServer server) {
        return BiliContext.builder().client(client).settings(RequestSettings.builder()
                .hostRedirect(HostRedirect.to(server.httpBaseUrl())).build()).build();
    }

    static DashStream track(BiliContext ctx) {
        return StreamSelector.defaults().select(new VideoService(ctx).getPlayUrl(BVID, CID, PlayUrlRequest.dash())
                .join()).video();
    }

    /** One GET of the whole file, saved as {@code curl -o} would: the baseline a download is compared with. */
    static long raw(BiliApiClient client, BiliContext ctx, DashStream track, Path file) throws java.io.IOException {
        BiliApiResponse r = client.request(BiliApiRequest.get(ctx.resolveUrl(track.baseUrl()))
                .header("Referer", "https://www.bilibili.com/").header("User-Agent", ctx.settings().userAgent())
                .build()).join();
        if (r.code() != 200) {
            throw new IllegalStateException("raw GET answered " + r.code());
        }
        Files.write(file, r.raw());
        Files.delete(file);
        return r.raw().length;
    }

    static long download(VideoDownloader d, DashStream track, Path file) throws Exception {
        long n = d.download(track, file).join().size();
        Files.deleteIfExists(file);
        return n;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /** Decodes a full 6,000-danmaku segment (the site's maximum) for 5 s after 3 s of warm-up, on this thread. */
    static void decodeRate() {
        byte[] segment = DmProtoEncoder.encode(FakeDanmaku.segment(CID, 1, 6000, 360_000), false);
        long end = System.nanoTime() + 3_000_000_000L;
        long sink = 0;
        while (System.nanoTime() < end) {
            sink += DmSegDecoder.decode(1, segment).danmaku().size();
        }
        long count = 0;
        long t0 = System.nanoTime();
        end = t0 + 5_000_000_000L;
        while (System.nanoTime() < end) {
            count += DmSegDecoder.decode(1, segment).danmaku().size();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "danmaku-decode segment=%d bytes (6000 danmaku) rate=%.2f M danmaku/s "
                + "(one thread)%s%n", segment.length, count / secs / 1e6, sink < 0 ? "!" : "");
    }
}
