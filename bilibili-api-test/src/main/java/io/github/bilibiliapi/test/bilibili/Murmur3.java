package io.github.bilibiliapi.test.bilibili;

/**
 * MurmurHash3 x64 128-bit, written here from the public algorithm (the fake shares no code with the client), and the
 * {@code buvid_fp} rendering bilibili's fingerprint uses: {@code hex(h1) + hex(h2)} without zero padding.
 */
final class Murmur3 {

    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private Murmur3() {
    }

    /** Returns {@code {h1, h2}}. */
    static long[] hash128x64(byte[] data, int seed) {
        long h1 = seed & 0xffffffffL;
        long h2 = seed & 0xffffffffL;
        int blocks = data.length / 16;
        for (int i = 0; i < blocks; i++) {
            long k1 = getLongLe(data, i * 16);
            long k2 = getLongLe(data, i * 16 + 8);
            k1 *= C1;
            k1 = Long.rotateLeft(k1, 31);
            k1 *= C2;
            h1 ^= k1;
            h1 = Long.rotateLeft(h1, 27);
            h1 += h2;
            h1 = h1 * 5 + 0x52dce729;
            k2 *= C2;
            k2 = Long.rotateLeft(k2, 33);
            k2 *= C1;
            h2 ^= k2;
            h2 = Long.rotateLeft(h2, 31);
            h2 += h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = blocks * 16;
        int rem = data.length - tail;
        long k1 = 0;
        long k2 = 0;
        for (int i = rem - 1; i >= 8; i--) {
            k2 ^= (data[tail + i] & 0xffL) << ((i - 8) * 8);
        }
        if (rem > 8) {
            k2 *= C2;
            k2 = Long.rotateLeft(k2, 33);
            k2 *= C1;
            h2 ^= k2;
        }
        for (int i = Math.min(rem, 8) - 1; i >= 0; i--) {
            k1 ^= (data[tail + i] & 0xffL) << (i * 8);
        }
        if (rem > 0) {
            k1 *= C1;
            k1 = Long.rotateLeft(k1, 31);
            k1 *= C2;
            h1 ^= k1;
        }
        h1 ^= data.length;
        h2 ^= data.length;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        h1 += h2;
        h2 += h1;
        return new long[] {h1, h2};
    }

    /** {@code buvid_fp} as the reference renders it: unpadded hex of h1 then of h2, seed 31. */
    static String buvidFp(byte[] body) {
        long[] h = hash128x64(body, 31);
        return Long.toHexString(h[0]) + Long.toHexString(h[1]);
    }

    /** The same hash rendered zero-padded to 32 characters (what a careful independent implementation may send). */
    static String buvidFpPadded(byte[] body) {
        long[] h = hash128x64(body, 31);
        return String.format("%016x%016x", h[0], h[1]);
    }

    private static long getLongLe(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[off + i] & 0xffL);
        }
        return v;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
