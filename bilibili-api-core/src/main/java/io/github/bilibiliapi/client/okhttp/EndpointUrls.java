package io.github.bilibiliapi.client.okhttp;

import io.github.bilibiliapi.client.internal.BoundedMemo;
import okhttp3.HttpUrl;

/**
 * URLs as OkHttp takes them, each endpoint (scheme, host, port, path) parsed once and only the query per call:
 * endpoints are constants, and OkHttp's parse of the host (IDNA mapping) and of the path is most of a URL's cost.
 */
final class EndpointUrls {

    private final BoundedMemo<HttpUrl> endpoints = new BoundedMemo<>(1024);

    /**
     * @param url an absolute http(s) URL, its query already encoded
     * @return the URL exactly as {@link HttpUrl#get(String)} parses it
     * @throws IllegalArgumentException when OkHttp cannot parse it
     */
    HttpUrl get(String url) {
        int query = url.indexOf('?');
        String endpoint = query < 0 ? url : url.substring(0, query);
        if (url.indexOf('#') >= 0 || endpoint.indexOf('@') >= 0) {
            return HttpUrl.get(url); // a fragment, or user info that has no place in a shared memo
        }
        HttpUrl base = endpoints.get(endpoint, HttpUrl::get);
        return query < 0 ? base : base.newBuilder().encodedQuery(url.substring(query + 1)).build();
    }
}
