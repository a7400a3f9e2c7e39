package io.github.bilibiliapi.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import io.github.bilibiliapi.client.internal.FrozenMap;
import io.github.bilibiliapi.client.support.UriEncoding;
import java.util.HexFormat;
import java.util.Map;
import java.util.Arrays;

/**
 * The web front end's WBI signature: mixin key from the nav image keys, then {@code w_rid = md5(query + mixinKey)}
 * over the sorted, {@code encodeURIComponent}-encoded parameters with {@code wts} added.
 */
final class WbiSigner {

    private static final HexFormat HEX = HexFormat.of();
    private static final MessageDigest MD5;

    static {
        try {
            MD5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every Java platform", e);
        }
    }

    /** One digest per thread for signing: {@code digest()} resets it, and a clone per signature is garbage. */
    private static final ThreadLocal<MessageDigest> LOCAL_MD5 = ThreadLocal.withInitial(WbiSigner::md5);

    /** The bytes of the signed string on their way into the digest, per thread like the digest. */
    private static final ThreadLocal<byte[]> LOCAL_SCRATCH = ThreadLocal.withInitial(() -> new byte[256]);

    /** The permutation the front end applies to {@code img_key + sub_key}. */
    static final int[] MIXIN_KEY_ENC_TAB = {46, 47, 18, 2, 53, 8, 23, 32, 15, 50, 10, 31, 58, 3, 45, 35, 27, 43, 5, 49,
        33, 9, 42, 19, 29, 28, 14, 39, 12, 38, 41, 13, 37, 48, 7, 16, 24, 55, 40, 61, 26, 17, 0, 1, 60, 51, 30, 4, 22,
        25, 54, 21, 56, 59, 6, 63, 57, 62, 11, 36, 20, 34, 44, 52};

    private WbiSigner() {
    }

    /**
     * @param imgKey stem of {@code wbi_img.img_url}
     * @param subKey stem of {@code wbi_img.sub_url}
     * @return the 32-character mixin key
     */
    static String mixinKey(String imgKey, String subKey) {
        String raw = imgKey + subKey;
        StringBuilder sb = new StringBuilder(32);
        for (int i : MIXIN_KEY_ENC_TAB) {
            if (i < raw.length()) {
                sb.append(raw.charAt(i));
            }
        }
        return sb.length() > 32 ? sb.substring(0, 32) : sb.toString();
    }

    /**
     * @param url an image URL such as {@code https://i0.hdslb.com/bfs/wbi/7cd0...077c.png}
     * @return its file-name stem ({@code 7cd0...077c})
     */
    static String keyFromUrl(String url) {
        String name = url.substring(url.lastIndexOf('/') + 1);
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /**
     * Signs parameters. The returned map is what must be sent, in order: the sorted parameters (values stripped of
     * {@code !'()*}) with {@code wts}, then {@code w_rid}. It carries its query already encoded (the hashed query
     * followed by {@code &w_rid=...}, exactly {@link UriEncoding#encodeQuery} of it), so that no backend encodes it
     * again.
     *
     * @param params   stringified parameters (a previous {@code w_rid}/{@code wts} is replaced)
     * @param mixinKey the mixin key
     * @param wts      unix seconds
     * @return the parameters to send, immutable
     * @throws IllegalArgumentException when a key or value holds a lone surrogate (JavaScript's encodeURIComponent
     *                                  throws; Java would silently send '?')
     */
    static Map<String, String> sign(Map<String, String> params, String mixinKey, long wts) {
        // keys sorted in an array, not a TreeMap; the query is encoded once, into the string that is sent
        String[] keys = new String[params.size() + 2];
        int n = 0;
        for (Map.Entry<String, String> e : params.entrySet()) {
            String k = e.getKey();
            checkWellFormed(k);
            checkWellFormed(e.getValue());
            if (!k.equals("w_rid") && !k.equals("wts")) {
                keys[n++] = k;
            }
        }
        keys[n++] = "wts";
        Arrays.sort(keys, 0, n);
        String ts = Long.toString(wts);
        String[] values = new String[n + 1];
        StringBuilder query = new StringBuilder(n * 24 + 48);
        for (int i = 0; i < n; i++) {
            values[i] = keys[i].equals("wts") ? ts : strip(params.get(keys[i]));
            UriEncoding.appendParam(query, keys[i], values[i]);
        }
        // hashed as it stands in the builder, then completed there: one string for the whole query
        String wRid = md5Hex(query, mixinKey);
        keys[n] = "w_rid";
        values[n] = wRid;
        return FrozenMap.ofEncoded(keys, values, n + 1, query.append("&w_rid=").append(wRid).toString());
    }

    private static void checkWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("Parameter holds a lone surrogate at index " + i
                        + " and cannot be URI-encoded");
            }
        }
    }

    /** The characters the front end removes from values before hashing (and sending). */
    static String strip(String value) {
        int first = 0;
        while (first < value.length() && "!'()*".indexOf(value.charAt(first)) < 0) {
            first++;
        }
        if (first == value.length()) {
            return value; // the usual case: nothing to strip, nothing to copy
        }
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '!' && c != '\'' && c != '(' && c != ')' && c != '*') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * The hex MD5 of {@code query + mixinKey}, without building that string: both are ASCII (the query is
     * percent-encoded, the key is the nav image names' hex), so each char is its byte.
     */
    static String md5Hex(CharSequence query, String mixinKey) {
        MessageDigest md = LOCAL_MD5.get();
        byte[] scratch = LOCAL_SCRATCH.get();
        feedAscii(md, query, scratch);
        feedAscii(md, mixinKey, scratch);
        return HEX.formatHex(md.digest());
    }

    private static void feedAscii(MessageDigest md, CharSequence s, byte[] scratch) {
        for (int from = 0; from < s.length(); from += scratch.length) {
            int n = Math.min(scratch.length, s.length() - from);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(from + i);
                if (c >= 0x80) { // not what the encoder produces; hash the UTF-8 of the rest instead of guessing
                    md.update(scratch, 0, i);
                    md.update(s.subSequence(from + i, s.length()).toString().getBytes(StandardCharsets.UTF_8));
                    return;
                }
                scratch[i] = (byte) c;
            }
            md.update(scratch, 0, n);
        }
    }

    /** A clone of one MD5 instance: cheaper than a provider lookup per signature, and a digest is not thread-safe. */
    private static MessageDigest md5() {
        try {
            return (MessageDigest) MD5.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException("MD5 is required by every Java platform", impossible);
            }
        }
    }
}
