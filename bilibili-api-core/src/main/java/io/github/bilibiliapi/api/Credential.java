package io.github.bilibiliapi.api;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A bilibili login, copied from the browser's cookies. Immutable; every field may be absent (an empty credential is a
 * logged-out visitor). {@link #toString()} never shows a secret.
 *
 * <pre>{@code
 * Credential c = Credential.builder().sessdata("...").biliJct("...").dedeuserid("123").build();
 * }</pre>
 */
public final class Credential {

    private static final Credential EMPTY = new Builder().build();

    private final String sessdata;
    private final String biliJct;
    private final String buvid3;
    private final String buvid4;
    private final String dedeuserid;
    private final String acTimeValue;
    private final String dedeuseridCkMd5;
    private final String sid;

    private Credential(Builder b) {
        this.sessdata = blankToNull(b.sessdata);
        this.biliJct = blankToNull(b.biliJct);
        this.buvid3 = blankToNull(b.buvid3);
        this.buvid4 = blankToNull(b.buvid4);
        this.dedeuserid = blankToNull(b.dedeuserid);
        this.acTimeValue = blankToNull(b.acTimeValue);
        this.dedeuseridCkMd5 = blankToNull(b.dedeuseridCkMd5);
        this.sid = blankToNull(b.sid);
    }

    /** @return the credential with no field set (a logged-out visitor) */
    public static Credential empty() {
        return EMPTY;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the cookies a browser holds: {@code SESSDATA}, {@code bili_jct}, {@code buvid3}, {@code buvid4},
     * {@code DedeUserID}, {@code DedeUserID__ckMd5}, {@code sid}, {@code ac_time_value}. Other names are ignored.
     *
     * @param cookies cookie name to value
     * @return the credential
     */
    public static Credential fromCookies(Map<String, String> cookies) {
        Objects.requireNonNull(cookies, "cookies");
        return builder().sessdata(cookies.get("SESSDATA")).biliJct(cookies.get("bili_jct"))
                .buvid3(cookies.get("buvid3")).buvid4(cookies.get("buvid4"))
                .dedeuserid(cookies.get("DedeUserID")).acTimeValue(cookies.get("ac_time_value"))
                .dedeuseridCkMd5(cookies.get("DedeUserID__ckMd5")).sid(cookies.get("sid")).build();
    }

    /** @return a builder pre-filled with this credential's fields */
    public Builder toBuilder() {
        return builder().sessdata(sessdata).biliJct(biliJct).buvid3(buvid3).buvid4(buvid4).dedeuserid(dedeuserid)
                .acTimeValue(acTimeValue).dedeuseridCkMd5(dedeuseridCkMd5).sid(sid);
    }

    /** @return SESSDATA, or null */
    public String sessdata() {
        return sessdata;
    }

    /** @return bili_jct (the csrf token), or null */
    public String biliJct() {
        return biliJct;
    }

    /** @return buvid3, or null */
    public String buvid3() {
        return buvid3;
    }

    /** @return buvid4, or null */
    public String buvid4() {
        return buvid4;
    }

    /** @return DedeUserID (the user's mid), or null */
    public String dedeuserid() {
        return dedeuserid;
    }

    /** @return ac_time_value (the refresh token), or null */
    public String acTimeValue() {
        return acTimeValue;
    }

    /** @return ac_time_value, the refresh token a login returns and a cookie refresh needs, or null */
    public String refreshToken() {
        return acTimeValue;
    }

    /** @return DedeUserID__ckMd5, or null */
    public String dedeuseridCkMd5() {
        return dedeuseridCkMd5;
    }

    /** @return the sid cookie, or null */
    public String sid() {
        return sid;
    }

    /** @return whether a refresh token (ac_time_value) is present */
    public boolean hasRefreshToken() {
        return acTimeValue != null;
    }

    /** @return whether SESSDATA is present */
    public boolean hasSessdata() {
        return sessdata != null;
    }

    /** @return whether bili_jct is present */
    public boolean hasBiliJct() {
        return biliJct != null;
    }

    /** @return whether buvid3 is present */
    public boolean hasBuvid3() {
        return buvid3 != null;
    }

    /**
     * The cookies this credential contributes to a request; absent fields are left out. SESSDATA is percent-encoded
     * when it is not already (browsers store it encoded; a raw one contains {@code ,} and {@code *}).
     *
     * @return cookie name to value, in a stable order
     */
    public Map<String, String> cookies() {
        return cookieMap();
    }

    /** @return {@link #cookies()} as a new map the caller may change (a call's cookie jar starts from it) */
    LinkedHashMap<String, String> cookieMap() {
        LinkedHashMap<String, String> cookies = new LinkedHashMap<>();
        if (sessdata != null) {
            cookies.put("SESSDATA", sessdata.indexOf('%') >= 0 ? sessdata : quote(sessdata));
        }
        if (biliJct != null) {
            cookies.put("bili_jct", biliJct);
        }
        if (buvid3 != null) {
            cookies.put("buvid3", buvid3);
        }
        if (buvid4 != null) {
            cookies.put("buvid4", buvid4);
        }
        if (dedeuserid != null) {
            cookies.put("DedeUserID", dedeuserid);
        }
        if (dedeuseridCkMd5 != null) {
            cookies.put("DedeUserID__ckMd5", dedeuseridCkMd5);
        }
        if (sid != null) {
            cookies.put("sid", sid);
        }
        if (acTimeValue != null) {
            cookies.put("ac_time_value", acTimeValue);
        }
        return cookies;
    }

    /** Percent-encodes like Python's {@code urllib.parse.quote} with its default safe set (how SESSDATA is sent). */
    private static String quote(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                    || c == '-' || c == '~' || c == '/') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return sb.toString();
    }

    /** Values of every secret field that is set, for masking text that might echo them. */
    Iterable<String> secretValues() {
        java.util.List<String> values = new java.util.ArrayList<>();
        for (String s : new String[] {sessdata, biliJct, buvid3, buvid4, acTimeValue, dedeuseridCkMd5, sid}) {
            if (s != null) {
                values.add(s);
                if (s == sessdata && s.indexOf('%') < 0) {
                    values.add(quote(s));
                }
            }
        }
        return values;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credential c && Objects.equals(sessdata, c.sessdata) && Objects.equals(biliJct, c.biliJct)
                && Objects.equals(buvid3, c.buvid3) && Objects.equals(buvid4, c.buvid4)
                && Objects.equals(dedeuserid, c.dedeuserid) && Objects.equals(acTimeValue, c.acTimeValue)
                && Objects.equals(dedeuseridCkMd5, c.dedeuseridCkMd5) && Objects.equals(sid, c.sid);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sessdata, biliJct, buvid3, buvid4, dedeuserid, acTimeValue, dedeuseridCkMd5, sid);
    }

    /** Shows which fields are set, never their values (DedeUserID, a public user id, is shown). */
    @Override
    public String toString() {
        return "Credential[sessdata=" + mark(sessdata) + ", bili_jct=" + mark(biliJct) + ", buvid3=" + mark(buvid3)
                + ", buvid4=" + mark(buvid4) + ", dedeuserid=" + (dedeuserid == null ? "<none>" : dedeuserid)
                + ", ac_time_value=" + mark(acTimeValue) + ", DedeUserID__ckMd5=" + mark(dedeuseridCkMd5) + ", sid="
                + mark(sid) + "]";
    }

    private static String mark(String s) {
        return s == null ? "<none>" : "***";
    }

    /** Builder for {@link Credential}; blank values count as absent. */
    public static final class Builder {
        private String sessdata;
        private String biliJct;
        private String buvid3;
        private String buvid4;
        private String dedeuserid;
        private String acTimeValue;
        private String dedeuseridCkMd5;
        private String sid;

        private Builder() {
        }

        /** @param v SESSDATA cookie @return this */
        public Builder sessdata(String v) {
            this.sessdata = v;
            return this;
        }

        /** @param v bili_jct cookie @return this */
        public Builder biliJct(String v) {
            this.biliJct = v;
            return this;
        }

        /** @param v buvid3 cookie @return this */
        public Builder buvid3(String v) {
            this.buvid3 = v;
            return this;
        }

        /** @param v buvid4 cookie @return this */
        public Builder buvid4(String v) {
            this.buvid4 = v;
            return this;
        }

        /** @param v DedeUserID cookie @return this */
        public Builder dedeuserid(String v) {
            this.dedeuserid = v;
            return this;
        }

        /** @param v ac_time_value (refresh token) @return this */
        public Builder acTimeValue(String v) {
            this.acTimeValue = v;
            return this;
        }

        /** @param v the refresh token (the same field as {@link #acTimeValue(String)}) @return this */
        public Builder refreshToken(String v) {
            this.acTimeValue = v;
            return this;
        }

        /** @param v DedeUserID__ckMd5 cookie @return this */
        public Builder dedeuseridCkMd5(String v) {
            this.dedeuseridCkMd5 = v;
            return this;
        }

        /** @param v sid cookie @return this */
        public Builder sid(String v) {
            this.sid = v;
            return this;
        }

        /** @return the credential */
        public Credential build() {
            return new Credential(this);
        }
    }
}
