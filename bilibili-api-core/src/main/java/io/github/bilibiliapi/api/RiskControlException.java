package io.github.bilibiliapi.api;

import tools.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * A {@link ResponseCodeException} whose code is one of bilibili's risk-control or authentication codes
 * (-352, -412, -799, -509, -101, -111, -403, -401), or a code-0 answer that is a risk-control challenge
 * ({@link RiskControl#VOUCHER_CHALLENGE}: {@code data} holds only a {@code v_voucher}). Catch this type to back off,
 * re-login or refresh a signature.
 */
public final class RiskControlException extends ResponseCodeException {

    private static final long serialVersionUID = 1L;

    private final RiskControl category;

    /**
     * @param category    the category
     * @param biliMessage bilibili's message
     * @param raw         the whole JSON answer
     */
    public RiskControlException(RiskControl category, String biliMessage, JsonNode raw) {
        super(category.code(), biliMessage, raw);
        this.category = category;
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
