package io.github.bilibiliapi.benchmarks;

import io.github.bilibiliapi.live.danmaku.DanmakuCodec;
import io.github.bilibiliapi.live.danmaku.DanmakuDecodeAccess;
import io.github.bilibiliapi.live.danmaku.DanmakuEvent;
import io.github.bilibiliapi.live.danmaku.DanmakuPacket;
import io.github.bilibiliapi.test.live.LivePackets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decoding one WebSocket frame of {@value #BATCH} real messages (the {@link DanmakuDecodeBenchmark} fixtures, cycled)
 * into typed events, against the npm client {@code bilibili-live-ws} decoding the same bytes in the same run.
 *
 * <p>Ours: the library's own decoding path of a connection ({@link DanmakuDecodeAccess}: split and inflate, then per
 * message the library's reader, which reads {@code cmd} and then only the values the command's typed view reads,
 * stopping there, into the {@link DanmakuEvent} with its view and a copy of the message's bytes; no Jackson tree is
 * built, {@link DanmakuEvent#raw()} would build it on demand) and the event's typed view
 * ({@link DanmakuEvent#message()}) for every message, which is what a listener of {@code LiveDanmaku} gets. Theirs:
 * the library's
 * own decoder ({@code makeDecoder} with its Node inflaters: split, inflate, {@code JSON.parse} per message), which is
 * what its {@code on(cmd)} listeners get. One thread each; the two take turns, round after round, so both see the same
 * machine load; each side warms up first, and the median round is reported.
 *
 * <p>Usage: {@code DanmakuDecodeVsNode <out.json> <node-dir> <seconds-per-round> <rounds>}; {@code node-dir} holds
 * {@code decode.js} and its {@code node_modules} ({@code npm ci}). Without {@code node} the npm side is skipped.
 */
public final class DanmakuDecodeVsNode {

    static final int BATCH = 40;
    private static final int[] PROTOVERS = {0, 2, 3};
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static long sink;

    private DanmakuDecodeVsNode() {
    }

    /**
     * Runs the comparison.
     *
     * @param args output file, node directory, seconds per round, rounds
     * @throws Exception on an unexpected failure
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path nodeDir = Path.of(args[1]);
        double seconds = Double.parseDouble(args[2]);
        int rounds = Integer.parseInt(args[3]);
        Path frames = out.toAbsolutePath().getParent().resolve("frames");
        Files.createDirectories(frames);
        byte[][] frame = new byte[PROTOVERS.length][];
        List<String> files = new ArrayList<>();
        for (int i = 0; i < PROTOVERS.length; i++) {
            frame[i] = frame(PROTOVERS[i]);
            Path f = frames.resolve("frame-" + PROTOVERS[i] + ".bin");
            Files.write(f, frame[i]);
            files.add(f.toString());
        }
        boolean node = Files.isRegularFile(nodeDir.resolve("decode.js"))
                && Files.isDirectory(nodeDir.resolve("node_modules/bilibili-live-ws"));
        if (!node) {
            System.err.println("decode-vs-node: " + nodeDir + " has no decode.js with node_modules (npm ci): npm side "
                    + "skipped");
        }
        // warm-up: the JIT first, then one node round (its JIT warms inside every run)
        for (int i = 0; i < PROTOVERS.length; i++) {
            java(frame[i], Math.max(2, seconds * 2));
            tokensOnly(frame[i], Math.max(1, seconds));
        }
        double[][] ours = new double[PROTOVERS.length][rounds];
        double[][] tokens = new double[PROTOVERS.length][rounds];
        double[][] theirs = new double[PROTOVERS.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < PROTOVERS.length; i++) {
                ours[i][r] = java(frame[i], seconds);
                tokens[i][r] = tokensOnly(frame[i], seconds);
            }
            if (node) {
                double[] n = node(nodeDir, files, seconds);
                for (int i = 0; i < PROTOVERS.length; i++) {
                    theirs[i][r] = n[i];
                }
            }
            int round = r;
            System.out.println("decode-vs-node round " + (r + 1) + "/" + rounds + " ours " + Arrays.toString(
                    Arrays.stream(ours).mapToDouble(a -> a[round]).toArray()));
        }
        ArrayNode rows = JSON.createArrayNode();
        for (int i = 0; i < PROTOVERS.length; i++) {
            ObjectNode row = rows.addObject();
            row.put("protover", PROTOVERS[i]);
            row.put("messages", BATCH);
            row.put("frameBytes", frame[i].length);
            row.put("oursPerSecond", Math.round(median(ours[i])));
            row.put("oursMin", Math.round(Arrays.stream(ours[i]).min().orElse(0)));
            row.put("oursMax", Math.round(Arrays.stream(ours[i]).max().orElse(0)));
            row.put("tokensOnlyPerSecond", Math.round(median(tokens[i])));
            if (node) {
                row.put("npmPerSecond", Math.round(median(theirs[i])));
                row.put("npmMin", Math.round(Arrays.stream(theirs[i]).min().orElse(0)));
                row.put("npmMax", Math.round(Arrays.stream(theirs[i]).max().orElse(0)));
                row.put("ratio", Math.round(median(ours[i]) / median(theirs[i]) * 100) / 100.0);
                row.put("tokensOnlyRatio", Math.round(median(tokens[i]) / median(theirs[i]) * 100) / 100.0);
            }
            row.put("rounds", rounds);
            row.put("secondsPerRound", seconds);
            System.out.println("decode-vs-node " + row);
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), rows);
        if (sink == 42) {
            System.out.println(); // keeps the sink observable
        }
    }

    /** One frame of {@value #BATCH} messages, written by the fake's independent encoder. */
    static byte[] frame(int protover) {
        List<byte[]> packets = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            String cmd = DanmakuDecodeBenchmark.FIXTURES[i % DanmakuDecodeBenchmark.FIXTURES.length];
            packets.add(LivePackets.message(DanmakuDecodeBenchmark.fixture(cmd)));
        }
        return switch (protover) {
            case 0 -> LivePackets.concat(packets);
            case 2 -> LivePackets.zlibBatch(packets);
            case 3 -> LivePackets.brotliBatch(packets);
            default -> throw new IllegalArgumentException("protover " + protover);
        };
    }

    /** Messages per second decoded into typed events over {@code seconds}. */
    static double java(byte[] frame, double seconds) {
        long[] count = new long[1];
        DanmakuDecodeAccess decoder = new DanmakuDecodeAccess(e -> {
            sink += e.message().map(m -> m.getClass().hashCode()).orElse(e.type().length());
            count[0]++;
        });
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long now;
        do {
            decoder.frame(frame);
            now = System.nanoTime();
        } while (now < end);
        return count[0] / ((now - start) / 1e9);
    }

    /**
     * A reference, not what the library does: split (and inflate), then let Jackson's streaming parser read every
     * token of every message, keeping only {@code cmd}. A decoder that reads each message to its end with Jackson,
     * tree or no tree, cannot be faster; the library's stops once it has its view's values.
     */
    static double tokensOnly(byte[] frame, double seconds) {
        DanmakuCodec codec = new DanmakuCodec();
        long[] count = new long[1];
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long now;
        do {
            codec.decode(frame, (DanmakuPacket p) -> {
                try (JsonParser parser = JSON.createParser(p.body())) {
                    String cmd = "";
                    int depth = 0;
                    for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                            depth++;
                        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                            depth--;
                        } else if (depth == 1 && t == JsonToken.PROPERTY_NAME && "cmd".equals(parser.currentName())) {
                            parser.nextToken();
                            cmd = parser.getString();
                        }
                    }
                    sink += cmd.length();
                }
                count[0]++;
            });
            now = System.nanoTime();
        } while (now < end);
        return count[0] / ((now - start) / 1e9);
    }

    /** Runs {@code decode.js} on the frames: messages per second per frame, in order. */
    static double[] node(Path dir, List<String> files, double seconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("node", "decode.js", Double.toString(seconds)));
        cmd.addAll(files);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10L * (long) Math.ceil(seconds + 1) * files.size(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("node decode.js failed: " + text);
        }
        JsonNode rates = JSON.readTree(text);
        double[] out = new double[files.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rates.get(i).asDouble();
        }
        return out;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
