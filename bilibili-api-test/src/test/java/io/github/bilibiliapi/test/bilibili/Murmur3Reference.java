package io.github.bilibiliapi.test.bilibili;

import java.math.BigInteger;

/**
 * MurmurHash3 in arbitrary precision (BigInteger arithmetic mod 2^64, the form of the shared signing vectors), used by
 * the tests to compute {@code buvid_fp} independently of the fake's {@code long}-based implementation.
 */
final class Murmur3Reference {

    private static final BigInteger MOD = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger C1 = new BigInteger("87c37b91114253d5", 16);
    private static final BigInteger C2 = new BigInteger("4cf5ad432745937f", 16);

    private Murmur3Reference() {
    }

    static String buvidFp(byte[] in) {
        BigInteger h1 = BigInteger.valueOf(31);
        BigInteger h2 = BigInteger.valueOf(31);
        int pos = 0;
        while (in.length - pos >= 16) {
            BigInteger k1 = le(in, pos, 8);
            BigInteger k2 = le(in, pos + 8, 8);
            h1 = h1.xor(rotl(k1.multiply(C1).mod(MOD), 31).multiply(C2).mod(MOD));
            h1 = rotl(h1, 27).add(h2).multiply(BigInteger.valueOf(5)).add(BigInteger.valueOf(0x52dce729)).mod(MOD);
            h2 = h2.xor(rotl(k2.multiply(C2).mod(MOD), 33).multiply(C1).mod(MOD));
            h2 = rotl(h2, 31).add(h1).multiply(BigInteger.valueOf(5)).add(BigInteger.valueOf(0x38495ab5)).mod(MOD);
            pos += 16;
        }
        int rem = in.length - pos;
        if (rem > 8) {
            h2 = h2.xor(rotl(le(in, pos + 8, rem - 8).multiply(C2).mod(MOD), 33).multiply(C1).mod(MOD));
        }
        if (rem > 0) {
            h1 = h1.xor(rotl(le(in, pos, Math.min(rem, 8)).multiply(C1).mod(MOD), 31).multiply(C2).mod(MOD));
        }
        BigInteger len = BigInteger.valueOf(in.length);
        h1 = h1.xor(len);
        h2 = h2.xor(len);
        h1 = h1.add(h2).mod(MOD);
        h2 = h2.add(h1).mod(MOD);
        h1 = fmix(h1);
        h2 = fmix(h2);
        h1 = h1.add(h2).mod(MOD);
        h2 = h2.add(h1).mod(MOD);
        return h1.toString(16) + h2.toString(16);
    }

    private static BigInteger le(byte[] b, int off, int n) {
        BigInteger v = BigInteger.ZERO;
        for (int i = n - 1; i >= 0; i--) {
            v = v.shiftLeft(8).or(BigInteger.valueOf(b[off + i] & 0xff));
        }
        return v;
    }

    private static BigInteger rotl(BigInteger x, int k) {
        return x.shiftLeft(k).or(x.shiftRight(64 - k)).mod(MOD);
    }

    private static BigInteger fmix(BigInteger k) {
        k = k.xor(k.shiftRight(33));
        k = k.multiply(new BigInteger("ff51afd7ed558ccd", 16)).mod(MOD);
        k = k.xor(k.shiftRight(33));
        k = k.multiply(new BigInteger("c4ceb9fe1a85ec53", 16)).mod(MOD);
        return k.xor(k.shiftRight(33));
    }
}
