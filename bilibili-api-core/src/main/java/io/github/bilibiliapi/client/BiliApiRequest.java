package io.github.bilibiliapi.client;

import io.github.bilibiliapi.client.internal.CookieHeaders;
import io.github.bilibiliapi.client.internal.FrozenMap;
import io.github.bilibiliapi.client.support.UriEncoding;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One HTTP request, as a client's {@link BiliApiClient#request} receives it. Immutable and validated on
 * construction, so that bad input fails before any I/O.
 *
 * <p><b>Query parameters</b> are kept in order and appended to the URL exactly once by every backend with
 * {@link UriEncoding#encodeQuery(Map)} (JavaScript {@code encodeURIComponent} rules): the query sent is byte-identical
 * to what the {@code Api} layer signed. A query already present in {@code url} is passed through untouched and the
 * parameters follow it.
 *
 * <p><b>Body.</b> A form ({@link Body.Form}, sent as {@code application/x-www-form-urlencoded}, or as the text fields
 * of a multipart body when files are present), a string ({@link Body.Text}, {@code text/plain; charset=utf-8} unless a
 * {@code Content-Type} header says otherwise) or bytes ({@link Body.Bytes}, {@code application/octet-stream} unless a
 * header says otherwise). Files may only be combined with a form (a string or byte body with files is
 * refused).
 *
 * <p><b>Cookies</b> are sent in one {@code Cookie} header, after the value of a {@code Cookie} header if one is given.
 *
 * @param method         upper-case HTTP method
 * @param url            absolute {@code http}, {@code https}, {@code ws} or {@code wss} URL
 * @param params         query parameters, in sending order
 * @param body           the body, {@link Body#NONE} for none
 * @param files          multipart file parts by part name
 * @param headers        request headers
 * @param cookies        cookies
 * @param allowRedirects whether redirects are followed (default {@code false})
 */
public record BiliApiRequest(String method, String url, Map<String, String> params, Body body,
        Map<String, BiliApiFile> files, Map<String, String> headers, Map<String, String> cookies,
        boolean allowRedirects) {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
    private static final Set<String> SCHEMES = Set.of("http", "https", "ws", "wss");
    /** Endpoint URLs that passed {@link #checkUrl}; bounded, in case a caller builds a new one every time. */
    private static final Map<String, Boolean> CHECKED_URLS = new ConcurrentHashMap<>();
    private static final int CHECKED_URLS_MAX = 1024;

    /**
     * Validates and copies everything.
     *
     * @param method         the HTTP method
     * @param url            the URL
     * @param params         query parameters
     * @param body           the body
     * @param files          file parts
     * @param headers        headers
     * @param cookies        cookies
     * @param allowRedirects whether to follow redirects
     */
    public BiliApiRequest {
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("HTTP method must not be blank");
        }
        method = method.strip().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("Unsupported HTTP method '" + method + "'; supported: " + METHODS);
        }
        checkUrl(url);
        params = copy(params, "params");
        body = body == null ? Body.NONE : body;
        files = copy(files, "files");
        headers = copy(headers, "headers");
        cookies = copy(cookies, "cookies");
        if (!files.isEmpty()) {
            if (!(body instanceof Body.Form)) {
                throw new IllegalArgumentException("Files can only be combined with form data, not with a "
                        + (body instanceof Body.Text ? "String" : "byte[]") + " body");
            }
            files.values().forEach(BiliApiFile::checkReadable);
        }
        FrozenMap.checkOnce(headers, FrozenMap.HEADERS, BiliApiRequest::checkHeaders);
        FrozenMap.checkOnce(cookies, FrozenMap.COOKIES, CookieHeaders::validate);
    }

    private static void checkHeaders(Map<String, String> headers) {
        headers.forEach((name, value) -> {
            if (name.isBlank()) {
                throw new IllegalArgumentException("Invalid header name '" + name + "'");
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c <= ' ' || c == ':' || c >= 0x7f) {
                    throw new IllegalArgumentException("Invalid header name '" + name + "'");
                }
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("Header '" + name + "' contains a line break");
            }
        });
    }

    private static void checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("URL must not be blank");
        }
        if (CHECKED_URLS.containsKey(url)) {
            return; // an endpoint URL is usually a constant: parsed once, not on every request
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Malformed URL: " + UriEncoding.withoutQuery(url), e);
        }
        if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("URL must be absolute http(s) or ws(s), got: "
                    + UriEncoding.withoutQuery(url));
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("URL has no host: " + UriEncoding.withoutQuery(url));
        }
        // only URLs without a query or user info: no token or password is kept in a static cache
        if (CHECKED_URLS.size() < CHECKED_URLS_MAX && url.indexOf('?') < 0 && url.indexOf('@') < 0) {
            CHECKED_URLS.put(url, Boolean.TRUE);
        }
    }

    private static <V> Map<String, V> copy(Map<String, V> map, String what) {
        return FrozenMap.copyOf(map, what);
    }

    /**
     * Returns the URL with the parameters appended, encoded once; what every backend sends.
     *
     * @return the full URL
     */
    public String fullUrl() {
        return UriEncoding.appendQuery(url, params);
    }

    /**
     * Tells whether the request is multipart (it has files).
     *
     * @return {@code true} if files are present
     */
    public boolean isMultipart() {
        return !files.isEmpty();
    }

    /**
     * Starts a builder.
     *
     * @param method the HTTP method
     * @param url    the URL
     * @return a builder
     */
    public static Builder builder(String method, String url) {
        return new Builder(method, url);
    }

    /**
     * Starts a GET builder.
     *
     * @param url the URL
     * @return a builder
     */
    public static Builder get(String url) {
        return new Builder("GET", url);
    }

    /**
     * Starts a POST builder.
     *
     * @param url the URL
     * @return a builder
     */
    public static Builder post(String url) {
        return new Builder("POST", url);
    }

    @Override
    public String toString() {
        // no query, headers or cookies: they may carry signatures and secrets
        return "BiliApiRequest[" + method + " " + UriEncoding.withoutQuery(url) + ", params=" + params.keySet()
                + ", body=" + body.kind() + ", files=" + files.keySet() + ", headers=" + headers.keySet()
                + ", cookies=" + cookies.size() + ", allowRedirects=" + allowRedirects + "]";
    }

    /** A request body. */
    public sealed interface Body permits Body.Form, Body.Text, Body.Bytes {

        /** No body: an empty form. */
        Body NONE = new Form(Map.of());

        /**
         * Names the kind of body, for messages.
         *
         * @return {@code form}, {@code text} or {@code bytes}
         */
        String kind();

        /**
         * Form fields.
         *
         * @param fields the fields, in order
         */
        record Form(Map<String, String> fields) implements Body {
            /**
             * Copies the fields.
             *
             * @param fields the fields
             */
            public Form {
                fields = copy(fields, "form fields");
            }

            /**
             * Tells whether there are no fields.
             *
             * @return {@code true} if empty
             */
            public boolean isEmpty() {
                return fields.isEmpty();
            }

            @Override
            public String kind() {
                return "form";
            }

            @Override
            public String toString() {
                return "Form" + fields.keySet();
            }
        }

        /**
         * A string body, sent as UTF-8.
         *
         * @param text the text
         */
        record Text(String text) implements Body {
            /**
             * Validates the text.
             *
             * @param text the text
             */
            public Text {
                Objects.requireNonNull(text, "text");
            }

            /**
             * Returns the UTF-8 bytes.
             *
             * @return the bytes sent
             */
            public byte[] bytes() {
                return text.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public String kind() {
                return "text";
            }

            @Override
            public String toString() {
                return "Text[" + text.length() + " chars]";
            }
        }

        /**
         * A binary body.
         *
         * @param bytes the bytes; not copied, do not change them after building the request
         */
        record Bytes(byte[] bytes) implements Body {
            /**
             * Validates the bytes.
             *
             * @param bytes the bytes
             */
            public Bytes {
                Objects.requireNonNull(bytes, "bytes");
            }

            @Override
            public String kind() {
                return "bytes";
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Bytes other && java.util.Arrays.equals(bytes, other.bytes);
            }

            @Override
            public int hashCode() {
                return java.util.Arrays.hashCode(bytes);
            }

            @Override
            public String toString() {
                return "Bytes[" + bytes.length + "]";
            }
        }
    }

    /** Builds a {@link BiliApiRequest}; validation happens in {@link #build()}. */
    public static final class Builder {
        private final String method;
        private final String url;
        private final Map<String, String> params = new LinkedHashMap<>();
        private final Map<String, String> form = new LinkedHashMap<>();
        private Body body;
        private final Map<String, BiliApiFile> files = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Map<String, String> cookies = new LinkedHashMap<>();
        private boolean allowRedirects;

        private Builder(String method, String url) {
            this.method = method;
            this.url = url;
        }

        /**
         * Adds a query parameter.
         *
         * @param name  the name
         * @param value the value
         * @return this builder
         */
        public Builder param(String name, String value) {
            params.put(name, value);
            return this;
        }

        /**
         * Adds query parameters, in the map's order.
         *
         * @param values the parameters
         * @return this builder
         */
        public Builder params(Map<String, String> values) {
            params.putAll(values);
            return this;
        }

        /**
         * Adds a form field.
         *
         * @param name  the name
         * @param value the value
         * @return this builder
         */
        public Builder formField(String name, String value) {
            form.put(name, value);
            return this;
        }

        /**
         * Adds form fields.
         *
         * @param fields the fields
         * @return this builder
         */
        public Builder form(Map<String, String> fields) {
            form.putAll(fields);
            return this;
        }

        /**
         * Sets a string body (instead of a form).
         *
         * @param text the text
         * @return this builder
         */
        public Builder body(String text) {
            this.body = new Body.Text(text);
            return this;
        }

        /**
         * Sets a binary body (instead of a form).
         *
         * @param bytes the bytes
         * @return this builder
         */
        public Builder body(byte[] bytes) {
            this.body = new Body.Bytes(bytes);
            return this;
        }

        /**
         * Adds a file part.
         *
         * @param name the part name
         * @param file the file
         * @return this builder
         */
        public Builder file(String name, BiliApiFile file) {
            files.put(name, file);
            return this;
        }

        /**
         * Adds a header.
         *
         * @param name  the name
         * @param value the value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /**
         * Adds headers.
         *
         * @param values the headers
         * @return this builder
         */
        public Builder headers(Map<String, String> values) {
            headers.putAll(values);
            return this;
        }

        /**
         * Adds a cookie.
         *
         * @param name  the name
         * @param value the value
         * @return this builder
         */
        public Builder cookie(String name, String value) {
            cookies.put(name, value);
            return this;
        }

        /**
         * Adds cookies.
         *
         * @param values the cookies
         * @return this builder
         */
        public Builder cookies(Map<String, String> values) {
            cookies.putAll(values);
            return this;
        }

        /**
         * Sets whether redirects are followed.
         *
         * @param allow {@code true} to follow them
         * @return this builder
         */
        public Builder allowRedirects(boolean allow) {
            this.allowRedirects = allow;
            return this;
        }

        /**
         * Builds and validates the request.
         *
         * @return the request
         * @throws IllegalArgumentException naming what is wrong
         */
        public BiliApiRequest build() {
            Body effective;
            if (body != null) {
                if (!form.isEmpty()) {
                    throw new IllegalArgumentException("A request has either form fields or a "
                            + body.kind() + " body, not both");
                }
                effective = body;
            } else {
                effective = form.isEmpty() ? Body.NONE : new Body.Form(form);
            }
            return new BiliApiRequest(method, url, params, effective, files, headers, cookies, allowRedirects);
        }
    }
}
