package io.github.bilibiliapi.live.open;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Open Platform's request signature: the six {@code x-bili-*} headers (access key id, MD5 of the exact body,
 * method {@code HMAC-SHA256}, a nonce, version {@code 1.0}, a Unix-seconds timestamp), sorted by name, each
 * {@code name:value}, joined with {@code \n}; {@code Authorization} is the lowercase hex HMAC-SHA256 of that string
 * keyed with the access key secret. The secret never leaves this object and is not in {@link #toString()}.
 */
public final class OpenLiveSigner {

    private final String accessKeyId;
    private final byte[] accessKeySecret;

    /**
     * @param accessKeyId     the app's access key id
     * @param accessKeySecret the app's access key secret
     * @throws IllegalArgumentException if either is blank
     */
    public OpenLiveSigner(String accessKeyId, String accessKeySecret) {
        if (accessKeyId == null || accessKeyId.isBlank()) {
            throw new IllegalArgumentException("accessKeyId must not be blank");
        }
        if (accessKeySecret == null || accessKeySecret.isBlank()) {
            throw new IllegalArgumentException("accessKeySecret must not be blank");
        }
        this.accessKeyId = accessKeyId;
        this.accessKeySecret = accessKeySecret.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The headers for a request with this body, a fresh nonce and the current time.
     *
     * @param body the exact bytes that will be sent
     * @return {@code x-bili-*}, {@code Authorization}, {@code Content-Type} and {@code Accept}, in that order
     */
    public Map<String, String> headers(byte[] body) {
        return headers(body, UUID.randomUUID().toString(), System.currentTimeMillis() / 1000);
    }

    /**
     * The headers for a request with this body, nonce and timestamp.
     *
     * @param body      the exact bytes that will be sent
     * @param nonce     a value never used before
     * @param timestamp Unix seconds (the server accepts 10 minutes of skew)
     * @return {@code x-bili-*}, {@code Authorization}, {@code Content-Type} and {@code Accept}
     */
    public Map<String, String> headers(byte[] body, String nonce, long timestamp) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(nonce, "nonce");
        Map<String, String> signed = new TreeMap<>();
        signed.put("x-bili-accesskeyid", accessKeyId);
        signed.put("x-bili-content-md5", md5Hex(body));
        signed.put("x-bili-signature-method", "HMAC-SHA256");
        signed.put("x-bili-signature-nonce", nonce);
        signed.put("x-bili-signature-version", "1.0");
        signed.put("x-bili-timestamp", Long.toString(timestamp));
        Map<String, String> out = new LinkedHashMap<>(signed);
        out.put("Authorization", sign(stringToSign(signed)));
        out.put("Content-Type", "application/json");
        out.put("Accept", "application/json");
        return out;
    }

    /** The sorted {@code name:value} lines joined with {@code \n}. */
    static String stringToSign(Map<String, String> xBiliHeaders) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(xBiliHeaders).forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(k).append(':').append(v);
        });
        return sb.toString();
    }

    /** Lowercase hex HMAC-SHA256 of {@code text} with the secret. */
    String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(accessKeySecret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    static String md5Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    }

    /** Shows the key id only. */
    @Override
    public String toString() {
        return "OpenLiveSigner[accessKeyId=" + accessKeyId + ", accessKeySecret=<hidden>]";
    }
}
