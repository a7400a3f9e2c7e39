package io.github.bilibiliapi.test.bilibili;

/** aid ↔ bvid conversion (the current 12-character {@code BV1…} scheme), written independently of the client. */
final class AvBv {

    static final long XOR_CODE = 23442827791579L;
    static final long MASK_CODE = 2251799813685247L;
    static final long MAX_AID = 1L << 51;
    private static final String ALPHABET = "FcwAPNKTMug3GV5Lj7EJnHpWsx4tb8haYeviqBz6rkCy12mUSDQX9RdoZf";
    private static final int BASE = 58;

    private AvBv() {
    }

    static String toBvid(long aid) {
        if (aid <= 0 || aid >= MAX_AID) {
            throw new IllegalArgumentException("aid out of range (1.." + (MAX_AID - 1) + "): " + aid);
        }
        char[] bytes = "BV1000000000".toCharArray();
        long tmp = (MAX_AID | aid) ^ XOR_CODE;
        for (int i = bytes.length - 1; tmp > 0; i--) {
            bytes[i] = ALPHABET.charAt((int) (tmp % BASE));
            tmp /= BASE;
        }
        swap(bytes, 3, 9);
        swap(bytes, 4, 7);
        return new String(bytes);
    }

    static long toAid(String bvid) {
        if (bvid == null || bvid.length() != 12 || !bvid.regionMatches(true, 0, "BV1", 0, 3)) {
            throw new IllegalArgumentException("not a 12-character BV1 id");
        }
        char[] bytes = bvid.toCharArray();
        swap(bytes, 3, 9);
        swap(bytes, 4, 7);
        long tmp = 0;
        for (int i = 3; i < bytes.length; i++) {
            int digit = ALPHABET.indexOf(bytes[i]);
            if (digit < 0) {
                throw new IllegalArgumentException("character outside the BV alphabet at position " + i);
            }
            tmp = tmp * BASE + digit;
        }
        return (tmp & MASK_CODE) ^ XOR_CODE;
    }

    private static void swap(char[] a, int i, int j) {
        char t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
