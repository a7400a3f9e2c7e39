package io.github.bilibiliapi.benchmarks;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request latencies recorded from many completing threads at once, for percentiles: exact below 128 µs, then 64
 * buckets per power of two (each bucket under 1.6 % wide), up to 2^40 µs. JMH's own percentiles need a blocking
 * thread per request, which {@link HttpOverheadBenchmark}'s request window does not have.
 */
final class LatencyHistogram {

    private static final int EXACT = 128;
    private static final int PER_OCTAVE = 64;
    private static final int OCTAVES = 34;

    private final AtomicLongArray counts = new AtomicLongArray(EXACT + OCTAVES * PER_OCTAVE);
    // plain atomics and no running maximum: a striped adder's first contention and a new maximum take branches the
    // warm-up's histogram stopped taking long before, and the JIT would deoptimize the benchmark's completion code in
    // a measured iteration
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong sumNanos = new AtomicLong();

    /** @param nanos one request's latency */
    void record(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("negative latency " + nanos);
        }
        counts.incrementAndGet(Math.min(index(nanos / 1000), counts.length() - 1));
        count.incrementAndGet();
        sumNanos.addAndGet(nanos);
    }

    /**
     * Adds another histogram's bucket, for merging the files of several forks (the sum: {@link #addSumNanos}).
     *
     * @param index the bucket, as {@link #toJson} lists it
     * @param n its count
     */
    void add(int index, long n) {
        if (index < 0 || index >= counts.length() || n < 0) {
            throw new IllegalArgumentException("bucket " + index + " count " + n);
        }
        counts.addAndGet(index, n);
        count.addAndGet(n);
    }

    /** @param nanos another histogram's sum of latencies, merged with its buckets ({@link #add}) */
    void addSumNanos(long nanos) {
        sumNanos.addAndGet(nanos);
    }

    static int index(long micros) {
        if (micros < EXACT) {
            return (int) micros;
        }
        // micros >> shift falls in [64, 128): the top 7 bits pick the bucket
        int shift = 63 - Long.numberOfLeadingZeros(micros) - 6;
        return EXACT + (shift - 1) * PER_OCTAVE + (int) ((micros >> shift) - PER_OCTAVE);
    }

    /** @return the middle of the bucket, in µs */
    static double value(int index) {
        if (index < EXACT) {
            return index + 0.5;
        }
        int shift = (index - EXACT) / PER_OCTAVE + 1;
        long lower = (long) ((index - EXACT) % PER_OCTAVE + PER_OCTAVE) << shift;
        return lower + (1L << shift) / 2.0;
    }

    /** @return the middle of the highest bucket that holds a value (within its width of the maximum), or NaN */
    double maxMicros() {
        for (int i = counts.length() - 1; i >= 0; i--) {
            if (counts.get(i) != 0) {
                return value(i);
            }
        }
        return Double.NaN;
    }

    /** @return the number of latencies recorded */
    long count() {
        return count.get();
    }

    /**
     * @param quantile in (0, 1]
     * @return the latency at that quantile in µs, NaN when nothing was recorded
     */
    double percentileMicros(double quantile) {
        long total = count();
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return value(i);
            }
        }
        return maxMicros();
    }

    /** @return the mean in µs, NaN when nothing was recorded */
    double meanMicros() {
        long n = count();
        return n == 0 ? Double.NaN : sumNanos.get() / 1000.0 / n;
    }

    /**
     * @return count, mean, p50, p99 and max as a JSON object, with the sum and the non-empty buckets as
     *         {@code [index, count]} pairs so that several forks' histograms can be merged ({@link #add})
     */
    String toJson() {
        StringBuilder buckets = new StringBuilder("[");
        for (int i = 0; i < counts.length(); i++) {
            long n = counts.get(i);
            if (n != 0) {
                buckets.append(buckets.length() > 1 ? ", " : "").append('[').append(i).append(", ").append(n)
                        .append(']');
            }
        }
        return String.format(Locale.ROOT,
                "{\"count\": %d, \"meanMicros\": %.1f, \"p50Micros\": %.1f, \"p99Micros\": %.1f, \"maxMicros\": %.1f, "
                        + "\"sumNanos\": %d, \"buckets\": %s]}",
                count(), meanMicros(), percentileMicros(0.50), percentileMicros(0.99), maxMicros(), sumNanos.get(),
                buckets);
    }
}
