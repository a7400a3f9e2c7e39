package io.github.bilibiliapi.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The GenWebTicket request signature: {@code hexsign = hex(HMAC-SHA256("XgwSnGZ1p", "ts" + unixSeconds))}. */
final class BiliTicketSigner {

    static final String KEY = "XgwSnGZ1p";
    static final String KEY_ID = "ec02";

    private BiliTicketSigner() {
    }

    /**
     * @param ts unix seconds
     * @return the lower-case hex signature
     */
    static String hexsign(long ts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(("ts" + ts).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }
}
