package io.github.bilibiliapi.api;

import io.github.bilibiliapi.client.BiliApiResponse;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The answer to an {@link Api}.
 *
 * @param json     the whole JSON answer
 * @param data     its {@code data} (or {@code result}) field; a missing node when absent
 * @param code     bilibili's code (0 unless the Api had {@code ignoreCode})
 * @param message  bilibili's message
 * @param response the raw HTTP response (status, headers, cookies, bytes)
 */
public record ApiResult(JsonNode json, JsonNode data, int code, String message, BiliApiResponse response) {

    /** Checks for nulls. */
    public ApiResult {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(response, "response");
    }
}
