package io.github.bilibiliapi.api;

/**
 * How an exchange ended.
 *
 * @param httpStatus the HTTP status, -1 if no response arrived
 * @param biliCode   bilibili's JSON code, null if none was read
 * @param error      the failure, null on success (a non-zero code counts as an error)
 */
public record ApiCallOutcome(int httpStatus, Integer biliCode, Throwable error) {
}
