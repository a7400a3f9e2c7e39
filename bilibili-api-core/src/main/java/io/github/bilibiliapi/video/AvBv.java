package io.github.bilibiliapi.video;

/**
 * Conversion between a video's aid ({@code av170001}) and bvid ({@code BV17x411w7KC}), the algorithm bilibili's web
 * front end uses since 2024 (51-bit aids). Validation is strict: bad input is an {@link IllegalArgumentException}.
 */
public final class AvBv {

    private static final long XOR_CODE = 23442827791579L;
    private static final long MASK_CODE = 2251799813685247L;
    private static final long MAX_AID = 1L << 51;
    private static final int BASE = 58;
    private static final String ALPHABET = "FcwAPNKTMug3GV5Lj7EJnHpWsx4tb8haYeviqBz6rkCy12mUSDQX9RdoZf";
    private static final int BV_LEN = 12;

    private AvBv() {
    }

    /**
     * @param aid a positive aid below 2^51
     * @return its bvid
     * @throws IllegalArgumentException if {@code aid} is out of range
     */
    public static String toBvid(long aid) {
        if (aid <= 0 || aid >= MAX_AID) {
            throw new IllegalArgumentException("aid must be in [1, 2^51), got " + aid);
        }
        char[] bv = "BV1000000000".toCharArray();
        int index = BV_LEN - 1;
        long tmp = (MAX_AID | aid) ^ XOR_CODE;
        while (tmp > 0) {
            bv[index--] = ALPHABET.charAt((int) (tmp % BASE));
            tmp /= BASE;
        }
        swap(bv, 3, 9);
        swap(bv, 4, 7);
        return new String(bv);
    }

    /**
     * @param bvid a bvid such as {@code BV17x411w7KC}
     * @return its aid
     * @throws IllegalArgumentException if {@code bvid} is not a well-formed bvid
     */
    public static long toAid(String bvid) {
        if (!isValidBvid(bvid)) {
            throw new IllegalArgumentException("Not a valid bvid (want BV1 + 9 base-58 characters): " + bvid);
        }
        return decode(bvid);
    }

    /**
     * @param bvid any string
     * @return whether it is a bvid that decodes to a valid aid and encodes back to itself
     */
    public static boolean isValidBvid(String bvid) {
        if (bvid == null || bvid.length() != BV_LEN || !bvid.startsWith("BV1")) {
            return false;
        }
        for (int i = 3; i < BV_LEN; i++) {
            if (ALPHABET.indexOf(bvid.charAt(i)) < 0) {
                return false;
            }
        }
        long aid = decode(bvid);
        return aid > 0 && aid < MAX_AID && toBvid(aid).equals(bvid);
    }

    private static long decode(String bvid) {
        char[] bv = bvid.toCharArray();
        swap(bv, 3, 9);
        swap(bv, 4, 7);
        long tmp = 0;
        for (int i = 3; i < BV_LEN; i++) {
            tmp = tmp * BASE + ALPHABET.indexOf(bv[i]);
        }
        return (tmp & MASK_CODE) ^ XOR_CODE;
    }

    private static void swap(char[] a, int i, int j) {
        char t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
