package io.github.bilibiliapi.benchmarks;

import io.github.bilibiliapi.live.danmaku.DanmakuCodec;
import io.github.bilibiliapi.live.danmaku.DanmakuDecodeAccess;
import io.github.bilibiliapi.live.danmaku.DanmakuPacket;
import io.github.bilibiliapi.test.live.LivePackets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Danmaku decoding throughput, in messages per second: one frame carries {@value #BATCH} realistic messages (the shared
 * fixtures, cycled) as protover 0 (packets back to back), 2 (one zlib packet) or 3 (one brotli packet). "split" stops
 * at leaf packets (split-and-frame); "json" also parses each message body with Jackson.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DanmakuDecodeBenchmark {

    static final int BATCH = 100;

    static final String[] FIXTURES = {"DANMU_MSG", "SEND_GIFT", "INTERACT_WORD", "COMBO_SEND", "ONLINE_RANK_COUNT",
        "SUPER_CHAT_MESSAGE", "ENTRY_EFFECT", "WATCHED_CHANGE", "GUARD_BUY", "NOTICE_MSG"};

    @Param({"0", "2", "3"})
    public int protover;

    private final DanmakuCodec codec = new DanmakuCodec();
    private final JsonMapper json = JsonMapper.builder().build();
    private byte[] frame;
    private Object lastView;
    private final DanmakuDecodeAccess events = new DanmakuDecodeAccess(e -> lastView = e.message().orElse(null));

    /** Builds one frame of {@value #BATCH} messages with the fake's independent encoder. */
    @Setup(Level.Trial)
    public void setUp() {
        List<byte[]> packets = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            packets.add(LivePackets.message(fixture(FIXTURES[i % FIXTURES.length])));
        }
        frame = switch (protover) {
            case 0 -> LivePackets.concat(packets);
            case 2 -> LivePackets.zlibBatch(packets);
            case 3 -> LivePackets.brotliBatch(packets);
            default -> throw new IllegalArgumentException("protover " + protover);
        };
        int decoded = codec.decode(frame).size();
        if (decoded != BATCH) {
            throw new IllegalStateException("expected " + BATCH + " packets, decoded " + decoded);
        }
    }

    static String fixture(String cmd) {
        try (InputStream in = DanmakuDecodeBenchmark.class.getResourceAsStream("/live_msg/" + cmd + ".json")) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + cmd);
            }
            // compact it: on the wire messages are single-line JSON
            JsonMapper mapper = JsonMapper.builder().build();
            return mapper.writeValueAsString(mapper.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Splits one frame into its leaf packets.
     *
     * @param bh sink
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void split(Blackhole bh) {
        codec.decode(frame, bh::consume);
    }

    /**
     * Splits one frame the way a live room connection does and builds each message's event and typed view (what a
     * listener gets).
     *
     * @param bh sink
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void events(Blackhole bh) {
        events.frame(frame);
        bh.consume(lastView);
    }

    /**
     * Splits one frame and parses every message as JSON.
     *
     * @param bh sink
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void json(Blackhole bh) {
        codec.decode(frame, (DanmakuPacket p) -> {
            JsonNode node = json.readTree(p.body());
            bh.consume(node.path("cmd").asString());
        });
    }
}
