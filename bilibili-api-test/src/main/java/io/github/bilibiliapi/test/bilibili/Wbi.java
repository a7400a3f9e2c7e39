package io.github.bilibiliapi.test.bilibili;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * WBI signing as the bilibili web front end does it, implemented independently of the client library:
 * {@code w_rid = md5(canonical(params + wts) + mixinKey)} where canonical sorts by key, strips {@code !'()*} from
 * values and encodes with {@code encodeURIComponent}.
 */
final class Wbi {

    /** The front end's permutation of {@code imgKey + subKey}; only the first 32 indices are used. */
    static final int[] MIXIN_KEY_ENC_TAB = {
        46, 47, 18, 2, 53, 8, 23, 32, 15, 50, 10, 31, 58, 3, 45, 35, 27, 43, 5, 49, 33, 9, 42, 19, 29, 28, 14, 39, 12,
        38, 41, 13, 37, 48, 7, 16, 24, 55, 40, 61, 26, 17, 0, 1, 60, 51, 30, 4, 22, 25, 54, 21, 56, 59, 6, 63, 57, 62,
        11, 36, 20, 34, 44, 52
    };

    private static final Pattern STRIPPED = Pattern.compile("[!'()*]");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,12}");
    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");

    private Wbi() {
    }

    static String mixinKey(String imgKey, String subKey) {
        String raw = imgKey + subKey;
        StringBuilder sb = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            sb.append(raw.charAt(MIXIN_KEY_ENC_TAB[i]));
        }
        return sb.toString();
    }

    /** The query that is hashed: pairs sorted by key (UTF-16 order, like JavaScript), values stripped, encoded. */
    static String canonicalQuery(List<Map.Entry<String, String>> pairs) {
        List<Map.Entry<String, String>> sorted = new ArrayList<>(pairs);
        sorted.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> pair : sorted) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(QueryString.encodeUriComponent(pair.getKey())).append('=')
                    .append(QueryString.encodeUriComponent(STRIPPED.matcher(pair.getValue()).replaceAll("")));
        }
        return sb.toString();
    }

    /**
     * Signs {@code params} (stringified with {@link String#valueOf}) at {@code wts}; returns the full query to send,
     * {@code canonical + "&w_rid=" + md5}. Used by tests and by anyone who needs a known-good request.
     */
    static String sign(Map<String, ?> params, long wts, WbiKeys keys) {
        Map<String, String> all = new LinkedHashMap<>();
        params.forEach((k, v) -> all.put(k, String.valueOf(v)));
        all.put("wts", Long.toString(wts));
        String canonical = canonicalQuery(new ArrayList<>(all.entrySet()));
        return canonical + "&w_rid=" + Crypto.md5Hex(canonical + keys.mixinKey());
    }

    /**
     * Checks a raw query as received (no leading {@code ?}) against {@code keys} at server time {@code nowSeconds}.
     * The raw query must be byte-identical to {@code canonical + "&w_rid=" + w_rid}: a client that signs one encoding
     * and sends another fails here exactly as it would against bilibili.
     */
    static WbiVerdict verify(String rawQuery, WbiKeys keys, long nowSeconds, long toleranceSeconds) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return WbiVerdict.fail("no query string: w_rid and wts are missing");
        }
        List<Map.Entry<String, String>> pairs;
        try {
            pairs = QueryString.parse(rawQuery);
        } catch (IllegalArgumentException e) {
            return WbiVerdict.fail("malformed query: " + e.getMessage());
        }
        String wRid = null;
        int wRidCount = 0;
        int wtsCount = 0;
        String wts = null;
        List<Map.Entry<String, String>> rest = new ArrayList<>();
        for (Map.Entry<String, String> pair : pairs) {
            if (pair.getKey().equals("w_rid")) {
                wRid = pair.getValue();
                wRidCount++;
            } else {
                if (pair.getKey().equals("wts")) {
                    wts = pair.getValue();
                    wtsCount++;
                }
                rest.add(pair);
            }
        }
        if (wRidCount == 0) {
            return WbiVerdict.fail("w_rid is missing");
        }
        if (wRidCount > 1) {
            return WbiVerdict.fail("w_rid appears " + wRidCount + " times");
        }
        if (wtsCount != 1) {
            return WbiVerdict.fail(wtsCount == 0 ? "wts is missing" : "wts appears " + wtsCount + " times");
        }
        if (!DIGITS.matcher(wts).matches()) {
            return WbiVerdict.fail("wts is not a unix timestamp in seconds: '" + wts + "'");
        }
        long skew = Long.parseLong(wts) - nowSeconds;
        if (Math.abs(skew) > toleranceSeconds) {
            return WbiVerdict.fail("wts is " + skew + " s away from server time (tolerance " + toleranceSeconds + " s)");
        }
        if (!MD5_HEX.matcher(wRid).matches()) {
            return WbiVerdict.fail("w_rid is not 32 lower-case hex characters");
        }
        String canonical = canonicalQuery(rest);
        String expected = Crypto.md5Hex(canonical + keys.mixinKey());
        if (!Crypto.equalsConstantTime(expected, wRid)) {
            return WbiVerdict.fail("w_rid does not match the current WBI keys");
        }
        String expectedRaw = canonical + "&w_rid=" + wRid;
        if (!expectedRaw.equals(rawQuery)) {
            return WbiVerdict.fail("query as sent is not byte-identical to the signed canonical form (first difference at"
                    + " character " + firstDifference(expectedRaw, rawQuery) + ")");
        }
        return WbiVerdict.OK;
    }

    private static int firstDifference(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return i;
            }
        }
        return n;
    }
}
