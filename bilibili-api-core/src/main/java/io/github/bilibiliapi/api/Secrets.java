package io.github.bilibiliapi.api;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masking of secrets in text and maps that go to logs, events and exception messages. */
final class Secrets {

    static final String MASK = "***";

    /** Parameter, field and cookie names whose values are secrets (lower-case). */
    static final Set<String> SECRET_NAMES = Set.of("sessdata", "bili_jct", "buvid3", "buvid4", "ac_time_value",
            "bili_ticket", "csrf", "csrf_token", "refresh_token", "access_key", "_uuid", "buvid_fp", "cookie",
            "dedeuserid__ckmd5", "qrcode_key", "bilicsrf", "refresh_csrf", "set-cookie");

    private static final Pattern NAMED = Pattern.compile(
            "(?i)(\"?(?:SESSDATA|bili_jct|buvid3|buvid4|ac_time_value|bili_ticket|csrf_token|csrf|refresh_token"
                    + "|refresh_csrf|access_key|_uuid|buvid_fp|DedeUserID__ckMd5|qrcode_key|biliCSRF)\"?\\s*[=:]\\s*\"?)([^;&\\s\",}]+)");

    private Secrets() {
    }

    static boolean isSecretName(String name) {
        return name != null && SECRET_NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * @param text       any text (a body excerpt, a message)
     * @param credential whose values to hide as well (may be null)
     * @return the text with {@code name=value} secrets and the credential's values replaced by {@code ***}
     */
    static String mask(String text, Credential credential) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        if (credential != null) {
            for (String secret : credential.secretValues()) {
                if (secret.length() >= 4) {
                    out = out.replace(secret, MASK);
                }
            }
        }
        Matcher m = NAMED.matcher(out);
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1)) + MASK);
    }

    /**
     * @param map parameters, form fields, cookies or headers
     * @return a copy with secret values replaced by {@code ***}
     */
    static Map<String, Object> maskMap(Map<String, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (map != null) {
            map.forEach((k, v) -> out.put(k, isSecretName(k) ? MASK : v));
        }
        return out;
    }

    /**
     * @param text     the text
     * @param maxChars the maximum length
     * @return whitespace collapsed and cut to {@code maxChars} (with an ellipsis)
     */
    static String excerpt(String text, int maxChars) {
        String collapsed = text.replaceAll("\\s+", " ").trim();
        return collapsed.length() <= maxChars ? collapsed : collapsed.substring(0, maxChars) + "…";
    }
}
