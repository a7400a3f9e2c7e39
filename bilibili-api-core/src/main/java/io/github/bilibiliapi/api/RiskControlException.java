package io.github.bilibiliapi.api;

import tools.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * A {@link ResponseCodeException} whose code is one of bilibili's risk-control or authentication codes
 * (-352, -412, -799, -509, -101, -111, -403, -401), a code-0 answer that is a risk-control challenge
 * ({@link RiskControl#VOUCHER_CHALLENGE}: {@code data} holds only a {@code v_voucher}), or bilibili's HTTP 412
 * interception ({@link RiskControl#REQUEST_BLOCKED}, code -412, {@link #httpStatus()} 412, whether its body is the
 * JSON {@code {"code":-412}} or an HTML page). Catch this type to back off, re-login or refresh a signature.
 */
public final class RiskControlException extends ResponseCodeException {

    private static final long serialVersionUID = 1L;

    private final RiskControl category;
    private final int httpStatus;

    /**
     * @param category    the category
     * @param biliMessage bilibili's message
     * @param raw         the whole JSON answer
     */
    public RiskControlException(RiskControl category, String biliMessage, JsonNode raw) {
        super(category.code(), biliMessage, raw);
        this.category = category;
        this.httpStatus = 200;
    }

    /**
     * bilibili's HTTP 412 answer: its risk control intercepted the request (usually too many requests from one IP).
     *
     * @param url     the URL without its query
     * @param raw     the body as JSON when it is JSON (then its message is used), else a missing node
     * @param excerpt a short, already masked excerpt of the body
     * @return the exception
     */
    static RiskControlException blocked(String url, JsonNode raw, String excerpt) {
        String biliMessage = raw.isObject() ? ResponseParser.message(raw) : excerpt;
        return new RiskControlException(raw, biliMessage, 412, "HTTP 412 from " + url
                + ": bilibili's risk control intercepted the request (code -412"
                + (biliMessage.isEmpty() ? "" : ": " + biliMessage) + ")");
    }

    private RiskControlException(JsonNode raw, String biliMessage, int httpStatus, String message) {
        super(RiskControl.REQUEST_BLOCKED.code(), biliMessage, raw, message);
        this.category = RiskControl.REQUEST_BLOCKED;
        this.httpStatus = httpStatus;
    }

    /**
     * A code-0 answer that carries a challenge instead of data.
     *
     * @param raw the whole JSON answer
     * @param url the URL without its query
     * @return the exception
     */
    static RiskControlException challenge(JsonNode raw, String url) {
        return new RiskControlException(raw, "bilibili answered code 0 from " + url
                + " with a risk-control challenge (data.v_voucher) instead of data");
    }

    private RiskControlException(JsonNode raw, String message) {
        super(0, ResponseParser.message(raw), raw, message);
        this.category = RiskControl.VOUCHER_CHALLENGE;
        this.httpStatus = 200;
    }

    /** @return the HTTP status of the answer: 412 for bilibili's interception page, otherwise 200 */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * @return the {@code v_voucher} of the challenge ({@code data.v_voucher}, or
     *         {@code data.ga_data.decision_ctx.v_voucher} for -401), if the answer has one; needed to solve the
     *         captcha
     */
    public Optional<String> vVoucher() {
        JsonNode raw = raw();
        if (raw == null) {
            return Optional.empty();
        }
        JsonNode data = raw.path("data");
        String v = Json.text(data, "v_voucher");
        if (v == null) {
            v = Json.text(data.path("ga_data").path("decision_ctx"), "v_voucher");
        }
        return Optional.ofNullable(v);
    }

    /** @return the risk-control category */
    public RiskControl category() {
        return category;
    }
}
