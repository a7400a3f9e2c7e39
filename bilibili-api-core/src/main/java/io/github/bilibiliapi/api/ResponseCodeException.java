package io.github.bilibiliapi.api;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * bilibili answered with a JSON {@code code} other than 0. Risk-control codes are raised as the subclass
 * {@link RiskControlException}; {@link #riskControl()} works on both.
 */
public class ResponseCodeException extends BiliApiException {

    private static final long serialVersionUID = 1L;

    private final int code;
    private final String biliMessage;
    private final transient JsonNode raw;

    /**
     * @param code        bilibili's code
     * @param biliMessage bilibili's {@code message} (or {@code msg})
     * @param raw         the whole JSON answer (kept out of {@link #getMessage()})
     */
    public ResponseCodeException(int code, String biliMessage, JsonNode raw) {
        super("bilibili answered code " + code + ": " + biliMessage);
        this.code = code;
        this.biliMessage = biliMessage;
        this.raw = raw;
    }

    /**
     * Chooses the subclass for a code: {@link RiskControlException} for risk-control codes, this class otherwise.
     *
     * @param code        bilibili's code
     * @param biliMessage bilibili's message
     * @param raw         the whole JSON answer
     * @return the exception to throw
     */
    public static ResponseCodeException of(int code, String biliMessage, JsonNode raw) {
        return RiskControl.ofCode(code)
                .<ResponseCodeException>map(rc -> new RiskControlException(rc, biliMessage, raw))
                .orElseGet(() -> new ResponseCodeException(code, biliMessage, raw));
    }

    /**
     * For subclasses that word the message themselves.
     *
     * @param code        bilibili's code
     * @param biliMessage bilibili's message
     * @param raw         the whole JSON answer
     * @param message     the exception message
     */
    ResponseCodeException(int code, String biliMessage, JsonNode raw, String message) {
        super(message);
        this.code = code;
        this.biliMessage = biliMessage;
        this.raw = raw;
    }

    /** @return bilibili's JSON code */
    public int code() {
        return code;
    }

    /** @return bilibili's message text */
    public String biliMessage() {
        return biliMessage;
    }

    /** @return the whole JSON answer */
    public JsonNode raw() {
        return raw;
    }

    /** @return the risk-control category of this answer, if any */
    public Optional<RiskControl> riskControl() {
        return this instanceof RiskControlException r ? Optional.of(r.category()) : RiskControl.ofCode(code);
    }
}
