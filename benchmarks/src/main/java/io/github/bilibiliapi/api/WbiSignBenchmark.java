package io.github.bilibiliapi.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One WBI signature ({@code WbiSigner.sign}: sort, strip, encode, MD5, hex) on one thread, in ns/op; run with
 * {@code -prof gc} for bytes allocated per op. The signer is package-private in core, so this class sits in the same
 * package (a split package on the class path, no change to core's visibility).
 *
 * <p>{@code small}: {@code mid}, {@code token}, {@code platform}, {@code web_location} (a user-info call);
 * {@code dm}: the same plus the four {@code dm_*} parameters (calls made with {@code dm(true)}), 8 parameters, ~150
 * characters of query, some of which need percent-encoding.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WbiSignBenchmark {

    /** The mixin key of the example keys in vectors/wbi.json. */
    static final String MIXIN = WbiSigner.mixinKey("7cd084941338484aae1ad9425b84077c",
            "4932caff0ff746eab6f01bf08b70ac45");

    @Param({"small", "dm"})
    public String params;

    private Map<String, String> input;

    /** Builds the parameters once (stringified, as {@code BiliContext} hands them over). */
    @org.openjdk.jmh.annotations.Setup
    public void setUp() {
        LinkedHashMap<String, String> p = new LinkedHashMap<>();
        p.put("mid", "2");
        p.put("token", "");
        p.put("platform", "web");
        p.put("web_location", "1550101");
        if (params.equals("dm")) {
            p.put("dm_img_list", "[]");
            p.put("dm_img_str", "AB");
            p.put("dm_cover_img_str", "CD");
            p.put("dm_img_inter", "{\"ds\":[],\"wh\":[0,0,0],\"of\":[0,0,0]}");
        }
        input = p;
    }

    /** @return the signed parameters */
    @Benchmark
    public Map<String, String> sign() {
        return WbiSigner.sign(input, MIXIN, 1702204169L);
    }
}
