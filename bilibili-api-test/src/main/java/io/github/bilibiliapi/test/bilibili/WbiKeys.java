package io.github.bilibiliapi.test.bilibili;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The WBI key pair the fake currently publishes in {@code /x/web-interface/nav} ({@code wbi_img}) and in
 * GenWebTicket's {@code data.nav}.
 *
 * @param imgKey the key in {@code img_url}, 32 lower-case hex characters
 * @param subKey the key in {@code sub_url}, 32 lower-case hex characters
 */
public record WbiKeys(String imgKey, String subKey) {

    private static final Pattern KEY = Pattern.compile("[0-9a-f]{32}");

    /** URL prefix of the key images; the key is the file name without {@code .png}. */
    public static final String URL_PREFIX = "https://i0.hdslb.com/bfs/wbi/";

    /**
     * Validates both keys.
     *
     * @throws IllegalArgumentException if a key is not 32 lower-case hex characters
     */
    public WbiKeys {
        Objects.requireNonNull(imgKey, "imgKey");
        Objects.requireNonNull(subKey, "subKey");
        if (!KEY.matcher(imgKey).matches()) {
            throw new IllegalArgumentException("imgKey must be 32 lower-case hex characters, got length " + imgKey.length());
        }
        if (!KEY.matcher(subKey).matches()) {
            throw new IllegalArgumentException("subKey must be 32 lower-case hex characters, got length " + subKey.length());
        }
    }

    /**
     * A fresh random pair.
     *
     * @return new keys from a secure random source
     */
    public static WbiKeys random() {
        return new WbiKeys(Crypto.randomHex(16), Crypto.randomHex(16));
    }

    /**
     * The {@code img_url} as the real site publishes it.
     *
     * @return {@code https://i0.hdslb.com/bfs/wbi/<imgKey>.png}
     */
    public String imgUrl() {
        return URL_PREFIX + imgKey + ".png";
    }

    /**
     * The {@code sub_url} as the real site publishes it.
     *
     * @return {@code https://i0.hdslb.com/bfs/wbi/<subKey>.png}
     */
    public String subUrl() {
        return URL_PREFIX + subKey + ".png";
    }

    /**
     * The 32-character mixin key: {@code imgKey + subKey} permuted by the front end's table, truncated.
     *
     * @return the key appended to the canonical query before hashing
     */
    public String mixinKey() {
        return Wbi.mixinKey(imgKey, subKey);
    }
}
