package io.github.bilibiliapi.test.bilibili;

import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A second, deliberately different implementation of the client-side algorithms (URLEncoder-based), used by the
 * route tests to sign requests, so the fake's verifier is not only checked against itself.
 */
final class TestSigner {

    private static final int[] TAB = {
        46, 47, 18, 2, 53, 8, 23, 32, 15, 50, 10, 31, 58, 3, 45, 35, 27, 43, 5, 49, 33, 9, 42, 19, 29, 28, 14, 39, 12,
        38, 41, 13
    };

    private TestSigner() {
    }

    /** Keys from an {@code https://i0.hdslb.com/bfs/wbi/<key>.png} URL. */
    static String keyOf(String url) {
        return url.substring(url.lastIndexOf('/') + 1, url.lastIndexOf('.'));
    }

    static String sign(Map<String, String> params, long wts, String imgKey, String subKey) {
        String raw = imgKey + subKey;
        StringBuilder mixin = new StringBuilder();
        for (int i : TAB) {
            mixin.append(raw.charAt(i));
        }
        TreeMap<String, String> sorted = new TreeMap<>(params);
        sorted.put("wts", Long.toString(wts));
        StringBuilder query = new StringBuilder();
        sorted.forEach((k, v) -> {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(encode(k)).append('=').append(encode(v.replaceAll("[!'()*]", "")));
        });
        return query + "&w_rid=" + md5(query + mixin.toString());
    }

    /** encodeURIComponent via URLEncoder: fix up the characters where the two disagree. */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%21", "!")
                .replace("%27", "'").replace("%28", "(").replace("%29", ")").replace("%7E", "~");
    }

    static String md5(String s) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
            return String.format("%032x", new BigInteger(1, d));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hexsign(long ts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("XgwSnGZ1p".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] d = mac.doFinal(("ts" + ts).getBytes(StandardCharsets.UTF_8));
            return String.format("%064x", new BigInteger(1, d));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
