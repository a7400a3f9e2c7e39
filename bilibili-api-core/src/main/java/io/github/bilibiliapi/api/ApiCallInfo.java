package io.github.bilibiliapi.api;

/**
 * What an {@link ApiObserver} learns about an exchange before it is sent. Safe as metric tags: no query, no secrets.
 *
 * @param method  HTTP method
 * @param scheme  URL scheme (after host redirection)
 * @param host    URL host (after host redirection)
 * @param path    URL path, never the query
 * @param backend {@link io.github.bilibiliapi.client.BiliApiClient#backendName()}
 */
public record ApiCallInfo(String method, String scheme, String host, String path, String backend) {
}
