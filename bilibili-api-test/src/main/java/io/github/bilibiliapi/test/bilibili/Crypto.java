package io.github.bilibiliapi.test.bilibili;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hash helpers of the fake, written here on purpose: the fake shares no code with the client library. */
final class Crypto {

    static final SecureRandom RANDOM = new SecureRandom();

    private static final HexFormat HEX = HexFormat.of();

    private Crypto() {
    }

    static String md5Hex(String text) {
        return md5Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    static String md5Hex(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available in this JVM", e);
        }
    }

    static byte[] hmacSha256(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    static String hmacSha256Hex(String key, String message) {
        return HEX.formatHex(hmacSha256(key, message));
    }

    /** {@code n} random bytes as lower-case hex ({@code 2n} characters). */
    static String randomHex(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    /** Constant-time comparison, so the fake does not teach a timing side channel by example. */
    static boolean equalsConstantTime(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
