package io.github.bilibiliapi.api;

import tools.jackson.databind.JsonNode;

/**
 * A {@link ResponseCodeException} whose code is one of bilibili's risk-control or authentication codes
 * (-352, -412, -799, -509, -101, -111, -403). Catch this type to back off, re-login or refresh a signature.
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

    /** @return the risk-control category */
    public RiskControl category() {
        return category;
    }
}
