package io.github.bilibiliapi.api;

import io.github.bilibiliapi.client.BiliApiFile;
import io.github.bilibiliapi.client.internal.BoundedMemo;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One bilibili API call: method, URL, parameters, form data, files, headers, an
 * optional credential and the flags that drive signing and checks. Immutable; run it with
 * {@link BiliContext#execute(Api)}.
 *
 * <pre>{@code
 * Api api = Api.get("https://api.bilibili.com/x/space/wbi/acc/info").param("mid", 2).wbi(true).dm(true).build();
 * }</pre>
 *
 * <p>Parameter and data values may be strings, numbers, booleans (sent as 1/0), JSON nodes,
 * maps or collections (sent as compact JSON); {@code null} values are dropped.
 */
public final class Api {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");
    private static final Set<String> NO_CSRF_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    /** URLs that passed {@link Builder}'s check: an endpoint URL is usually a constant, parsed once. */
    private static final BoundedMemo<String> VALID_URLS = new BoundedMemo<>(1024);

    private final String method;
    private final String url;
    private final Map<String, Object> params;
    private final Map<String, Object> data;
    private final Map<String, BiliApiFile> files;
    private final Map<String, String> headers;
    private final Credential credential;
    private final boolean wbi;
    private final boolean dm;
    private final boolean verify;
    private final boolean noCsrf;
    private final boolean jsonBody;
    private final boolean ignoreCode;
    private final long wWebid;

    private Api(Builder b) {
        this.method = b.method;
        this.url = b.url;
        // the builder's maps themselves, not copies: the builder copies them before its next change
        this.params = frozen(b.params);
        this.data = frozen(b.data);
        this.files = frozen(b.files);
        this.headers = frozen(b.headers);
        b.shared = true;
        this.credential = b.credential;
        this.wbi = b.wbi;
        this.dm = b.dm;
        this.verify = b.verify;
        this.noCsrf = b.noCsrf;
        this.jsonBody = b.jsonBody;
        this.ignoreCode = b.ignoreCode;
        this.wWebid = b.wWebid;
    }

    /** @return a copy a builder may change, in insertion order; null when there is nothing to copy */
    private static <V> LinkedHashMap<String, V> copy(Map<String, V> values) {
        return values == null || values.isEmpty() ? null : new LinkedHashMap<>(values);
    }

    /** @return an unmodifiable view of a builder's map; the shared empty map when there is none */
    private static <V> Map<String, V> frozen(LinkedHashMap<String, V> values) {
        return values == null || values.isEmpty() ? Map.of() : Collections.unmodifiableMap(values);
    }

    /**
     * @param method HTTP method (GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS; any case)
     * @param url    absolute http(s) URL, normally without query (use {@link Builder#param})
     * @return a builder
     * @throws IllegalArgumentException for an unknown method or a malformed URL
     */
    public static Builder builder(String method, String url) {
        return new Builder(method, url);
    }

    /** @param url absolute http(s) URL @return a GET builder */
    public static Builder get(String url) {
        return new Builder("GET", url);
    }

    /** @param url absolute http(s) URL @return a POST builder */
    public static Builder post(String url) {
        return new Builder("POST", url);
    }

    /** @return a builder pre-filled with this Api */
    public Builder toBuilder() {
        Builder b = new Builder(method, url);
        b.params = copy(params);
        b.data = copy(data);
        b.files = copy(files);
        b.headers = copy(headers);
        b.credential = credential;
        b.wbi = wbi;
        b.dm = dm;
        b.verify = verify;
        b.noCsrf = noCsrf;
        b.jsonBody = jsonBody;
        b.ignoreCode = ignoreCode;
        b.wWebid = wWebid;
        return b;
    }

    /** @return the upper-case HTTP method */
    public String method() {
        return method;
    }

    /** @return the URL as given (before host redirection) */
    public String url() {
        return url;
    }

    /** @return query parameters, unconverted, in insertion order */
    public Map<String, Object> params() {
        return params;
    }

    /** @return form data (or the JSON body's fields when {@link #jsonBody()}), unconverted */
    public Map<String, Object> data() {
        return data;
    }

    /** @return files of a multipart upload */
    public Map<String, BiliApiFile> files() {
        return files;
    }

    /** @return extra headers; when no User-Agent is given the context's default is sent */
    public Map<String, String> headers() {
        return headers;
    }

    /** @return this call's credential, or null to use the context's default */
    public Credential credential() {
        return credential;
    }

    /** @return whether the query is WBI-signed */
    public boolean wbi() {
        return wbi;
    }

    /** @return whether the {@code dm_*} mouse/screen parameters are added before signing, as bilibili's pages send them */
    public boolean dm() {
        return dm;
    }

    /**
     * @return the mid whose space page's {@code access_id} is sent as {@code w_webid} (before signing), or 0 when
     *         none is sent; see {@link Builder#wWebid(long)}
     */
    public long wWebid() {
        return wWebid;
    }

    /** @return whether a login (SESSDATA) is required */
    public boolean verify() {
        return verify;
    }

    /** @return whether the csrf fields are left out of a non-GET request */
    public boolean noCsrf() {
        return noCsrf;
    }

    /** @return whether {@link #data()} is sent as a JSON body instead of a form */
    public boolean jsonBody() {
        return jsonBody;
    }

    /** @return whether a non-zero JSON code is returned instead of raised */
    public boolean ignoreCode() {
        return ignoreCode;
    }

    /** @return whether the method may be re-sent automatically (GET, HEAD, OPTIONS, PUT, DELETE) */
    public boolean idempotent() {
        return IDEMPOTENT.contains(method);
    }

    /** @return whether this call sends csrf (a non-GET/HEAD/OPTIONS method without {@link #noCsrf()}) */
    public boolean needsCsrf() {
        return !noCsrf && !NO_CSRF_METHODS.contains(method);
    }

    /** Secrets in parameters and data are masked; the credential shows only which fields are set. */
    @Override
    public String toString() {
        return "Api[" + method + " " + url + ", params=" + Secrets.maskMap(params) + ", data="
                + Secrets.maskMap(data) + ", files=" + files.keySet() + ", wbi=" + wbi + ", dm=" + dm + ", verify="
                + verify + (wWebid > 0 ? ", wWebid=" + wWebid : "") + ", noCsrf=" + noCsrf + ", jsonBody=" + jsonBody + ", ignoreCode=" + ignoreCode
                + (credential == null ? "" : ", credential=" + credential) + "]";
    }

    /**
     * Converts values the way they are sent: booleans as 1/0, nulls dropped, JSON/maps/collections as
     * compact JSON, everything else with {@code toString()}.
     *
     * @param values unconverted values
     * @return string values, same order
     */
    static LinkedHashMap<String, String> stringify(Map<String, ?> values) {
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v != null) {
                try {
                    out.put(k, stringify(v));
                } catch (tools.jackson.core.JacksonException e) {
                    throw new IllegalArgumentException("Value of '" + k + "' cannot be written as JSON: "
                            + e.getOriginalMessage(), e);
                }
            }
        });
        return out;
    }

    private static String stringify(Object v) {
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isFinite(d)) {
                return BigDecimal.valueOf(d).toPlainString();
            }
            return v.toString();
        }
        if (v instanceof JsonNode node) {
            return node.isString() ? node.stringValue() : Json.MAPPER.writeValueAsString(node);
        }
        if (v instanceof Map<?, ?> || v instanceof Collection<?>) {
            return Json.MAPPER.writeValueAsString(v);
        }
        return v.toString();
    }

    /** Builder for {@link Api}. Not thread-safe. */
    public static final class Builder {
        private final String method;
        private final String url;
        // made on first use (most calls have parameters only), and handed to the Api that build() makes
        private LinkedHashMap<String, Object> params;
        private LinkedHashMap<String, Object> data;
        private LinkedHashMap<String, BiliApiFile> files;
        private LinkedHashMap<String, String> headers;
        /** Whether an Api built by this builder holds its maps: the next change copies them first. */
        private boolean shared;
        private Credential credential;
        private boolean wbi;
        private boolean dm;
        private boolean verify;
        private boolean noCsrf;
        private boolean jsonBody;
        private boolean ignoreCode;
        private long wWebid;

        private Builder(String method, String url) {
            if (method == null || method.isBlank()) {
                throw new IllegalArgumentException("HTTP method must not be blank");
            }
            this.method = method.strip().toUpperCase(Locale.ROOT);
            if (!METHODS.contains(this.method)) {
                throw new IllegalArgumentException("Unsupported HTTP method '" + method + "'; supported: " + METHODS);
            }
            this.url = checkUrl(url);
        }

        private static String checkUrl(String url) {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("URL must not be blank");
            }
            return VALID_URLS.get(url, Builder::parseUrl);
        }

        private static String parseUrl(String url) {
            try {
                URI uri = new URI(url);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    throw new IllegalArgumentException("URL must be absolute http(s): " + url);
                }
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException("URL has no host: " + url);
                }
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("Malformed URL: " + e.getMessage(), e);
            }
            return url;
        }

        /** @param name query parameter @param value its value (null = not sent) @return this */
        public Builder param(String name, Object value) {
            requireName(name);
            unshare();
            params = put(params, name, value);
            return this;
        }

        /** @param values query parameters to add @return this */
        public Builder params(Map<String, ?> values) {
            values.forEach(this::param);
            return this;
        }

        /** @param name form field @param value its value (null = not sent) @return this */
        public Builder data(String name, Object value) {
            requireName(name);
            unshare();
            data = put(data, name, value);
            return this;
        }

        /** @param values form fields to add @return this */
        public Builder data(Map<String, ?> values) {
            values.forEach(this::data);
            return this;
        }

        /** @param name multipart part name @param file the file @return this */
        public Builder file(String name, BiliApiFile file) {
            requireName(name);
            Objects.requireNonNull(file, "file");
            unshare();
            files = put(files, name, file);
            return this;
        }

        /** @param name header name @param value header value @return this */
        public Builder header(String name, String value) {
            requireName(name);
            Objects.requireNonNull(value, "header value");
            unshare();
            headers = put(headers, name, value);
            return this;
        }

        /** @param v this call's credential (null = the context's default) @return this */
        public Builder credential(Credential v) {
            credential = v;
            return this;
        }

        /** @param v WBI-sign the query @return this */
        public Builder wbi(boolean v) {
            wbi = v;
            return this;
        }

        /** @param v add the {@code dm_*} parameters before signing @return this */
        public Builder dm(boolean v) {
            dm = v;
            return this;
        }

        /**
         * Sends {@code w_webid}, as bilibili's space pages do for their own API calls: the {@code access_id} of the
         * space page of {@code spaceMid} ({@code space.bilibili.com/<mid>/dynamic}), fetched once and cached per mid
         * by the context until it expires, and fetched again after a -352.
         *
         * @param spaceMid the user whose space the call is about; 0 to send none
         * @return this
         * @throws IllegalArgumentException if {@code spaceMid} is negative
         */
        public Builder wWebid(long spaceMid) {
            if (spaceMid < 0) {
                throw new IllegalArgumentException("spaceMid must be >= 0, got " + spaceMid);
            }
            wWebid = spaceMid;
            return this;
        }

        /** @param v require a login (SESSDATA) before any I/O @return this */
        public Builder verify(boolean v) {
            verify = v;
            return this;
        }

        /** @param v do not send or require csrf on a non-GET request @return this */
        public Builder noCsrf(boolean v) {
            noCsrf = v;
            return this;
        }

        /** @param v send {@code data} as a JSON body @return this */
        public Builder jsonBody(boolean v) {
            jsonBody = v;
            return this;
        }

        /** @param v return non-zero codes instead of raising @return this */
        public Builder ignoreCode(boolean v) {
            ignoreCode = v;
            return this;
        }

        /**
         * @return the Api
         * @throws IllegalArgumentException when files are combined with a JSON body
         */
        public Api build() {
            if (jsonBody && files != null && !files.isEmpty()) {
                throw new IllegalArgumentException("Files cannot be combined with a JSON body");
            }
            return new Api(this);
        }

        /** Copies the maps an Api holds, so that changing this builder leaves that Api as it was. */
        private void unshare() {
            if (shared) {
                params = copy(params);
                data = copy(data);
                files = copy(files);
                headers = copy(headers);
                shared = false;
            }
        }

        /** @return {@code map} (made now if this is its first entry) with the entry put */
        private static <V> LinkedHashMap<String, V> put(LinkedHashMap<String, V> map, String name, V value) {
            LinkedHashMap<String, V> m = map == null ? new LinkedHashMap<>() : map;
            m.put(name, value);
            return m;
        }

        private static String requireName(String name) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("Name must not be empty");
            }
            return name;
        }
    }
}
