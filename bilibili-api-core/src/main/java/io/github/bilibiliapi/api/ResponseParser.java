package io.github.bilibiliapi.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.ObjectReader;

/**
 * Turns a bilibili HTTP answer into JSON: status check, JSONP unwrapping, concatenated bodies, code check. Every
 * failure is a {@link BiliApiException} subclass; Jackson exceptions only appear as causes.
 */
final class ResponseParser {

    static final int EXCERPT_CHARS = 200;

    /** Built once: {@code readerFor} makes a new reader on every call. */
    private static final ObjectReader TREES = Json.MAPPER.readerFor(JsonNode.class);

    private static final Pattern JSONP = Pattern.compile("^[A-Za-z_$][\\w$.]*\\s*\\((.*)\\)\\s*;?$", Pattern.DOTALL);

    /**
     * @param root    the JSON answer to use
     * @param notices JSON objects that preceded it in the same body (bilibili prepends a -509 notice)
     */
    record Parsed(JsonNode root, List<JsonNode> notices) {
    }

    private ResponseParser() {
    }

    /**
     * @param status     HTTP status
     * @param url        URL without query (for messages)
     * @param raw        body bytes
     * @param credential for masking excerpts (may be null)
     * @return the parsed body
     * @throws RiskControlException    status 412, bilibili's risk-control interception
     * @throws NetworkException        another status other than 200
     * @throws ResponseParseException  not JSON / empty
     */
    static Parsed parse(int status, String url, byte[] raw, Credential credential) {
        if (status == 200 && raw != null) {
            Parsed fast = parseJsonBytes(raw);
            if (fast != null) {
                return fast;
            }
        }
        String text = raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
        if (status != 200) {
            throw BiliApiException.forHttpStatus(status, url, raw, credential);
        }
        String body = text.strip();
        if (body.startsWith("\uFEFF")) {
            body = body.substring(1).strip();
        }
        if (body.isEmpty()) {
            // an empty answer is no JSON at all; callers decide (an error unless ignoreCode)
            return new Parsed(tools.jackson.databind.node.MissingNode.getInstance(), List.of());
        }
        if (!body.startsWith("{") && !body.startsWith("[")) {
            Matcher m = JSONP.matcher(body);
            if (!m.matches()) {
                throw new ResponseParseException("Body from " + url + " is not JSON: "
                        + Secrets.mask(Secrets.excerpt(body, EXCERPT_CHARS), credential));
            }
            body = m.group(1).strip();
        }
        List<JsonNode> values;
        try (MappingIterator<JsonNode> it = TREES.readValues(body)) {
            values = it.readAll();
        } catch (JacksonException e) {
            throw new ResponseParseException("Body from " + url + " is not valid JSON ("
                    + e.getOriginalMessage().lines().findFirst().orElse("") + "): "
                    + Secrets.mask(Secrets.excerpt(body, EXCERPT_CHARS), credential), e);
        }
        if (values.isEmpty()) {
            throw new ResponseParseException("Empty JSON body from " + url);
        }
        return lastIsAnswer(values);
    }

    /** @return the body's single JSON document, or a missing node when it is anything else (an HTML page) */
    static JsonNode jsonOrMissing(byte[] raw) {
        Parsed parsed = raw == null ? null : parseJsonBytes(raw);
        return parsed == null || !parsed.notices().isEmpty() ? tools.jackson.databind.node.MissingNode.getInstance()
                : parsed.root();
    }

    /**
     * The common case without copying the body into a String: a body that starts (after ASCII whitespace and a BOM)
     * with {@code {} or {@code [}, parsed from the bytes. Anything else, or JSON that does not parse, returns null
     * and takes the String path, which owns every error message.
     */
    private static Parsed parseJsonBytes(byte[] raw) {
        int start = 0;
        if (raw.length >= 3 && raw[0] == (byte) 0xEF && raw[1] == (byte) 0xBB && raw[2] == (byte) 0xBF) {
            start = 3;
        }
        while (start < raw.length && (raw[start] == ' ' || raw[start] == '\t' || raw[start] == '\r'
                || raw[start] == '\n')) {
            start++;
        }
        if (start == raw.length || (raw[start] != '{' && raw[start] != '[')) {
            return null;
        }
        // one document is the rule: a plain parser and tree, no iterator and list
        try (JsonParser parser = Json.MAPPER.createParser(raw, start, raw.length - start)) {
            JsonNode first = Json.MAPPER.readTree(parser);
            if (first != null && parser.nextToken() == null) {
                return new Parsed(first, List.of());
            }
        } catch (JacksonException e) {
            return null;
        }
        List<JsonNode> values;
        try (MappingIterator<JsonNode> it = TREES.readValues(raw, start, raw.length - start)) {
            values = it.readAll();
        } catch (JacksonException e) {
            return null;
        }
        return values.isEmpty() ? null : lastIsAnswer(values);
    }

    /**
     * Two concatenated objects: bilibili's gateway prepends a -509 "too frequent" notice to the real answer, which
     * follows it; the last object is the answer, the earlier ones are kept as notices.
     */
    private static Parsed lastIsAnswer(List<JsonNode> values) {
        JsonNode root = values.get(values.size() - 1);
        return new Parsed(root, values.size() == 1 ? List.of() : List.copyOf(values.subList(0, values.size() - 1)));
    }

    /**
     * @param root the JSON answer
     * @param url  URL without query (for messages)
     * @return bilibili's code (0 for the legacy {@code "OK": 1} answers)
     * @throws ResponseParseException when the answer has neither {@code code} nor {@code OK}
     */
    static int code(JsonNode root, String url) {
        if (!root.isObject()) {
            throw new ResponseParseException("Answer from " + url + " is not a JSON object");
        }
        JsonNode code = root.get("code");
        if (code == null || code.isNull()) {
            JsonNode ok = root.get("OK");
            if (ok != null && !ok.isNull()) {
                return ok.asInt(0) == 1 ? 0 : -1;
            }
            throw new ResponseParseException("Answer from " + url + " has no 'code' field");
        }
        if (code.isIntegralNumber()) {
            return code.intValue();
        }
        if (code.isString()) {
            try {
                return Integer.parseInt(code.stringValue().trim());
            } catch (NumberFormatException e) {
                throw new ResponseParseException("Answer from " + url + " has a non-numeric code: "
                        + Secrets.excerpt(code.stringValue(), 40), e);
            }
        }
        throw new ResponseParseException("Answer from " + url + " has a non-numeric code");
    }

    /**
     * @return bilibili's code, or null when the answer is an object without {@code code} and {@code OK}
     * @throws ResponseParseException when the answer is not an object or the code is not numeric
     */
    static Integer codeOrNull(JsonNode root, String url) {
        if (root.isMissingNode()) {
            return null;
        }
        if (root.isObject()) {
            JsonNode code = root.get("code");
            if (code != null && code.isIntegralNumber()) {
                return code.intValue(); // the usual answer: one lookup
            }
            JsonNode ok = root.get("OK");
            if ((code == null || code.isNull()) && (ok == null || ok.isNull())) {
                return null;
            }
        }
        return code(root, url);
    }

    /** @return {@code message}, else {@code msg}, else a placeholder */
    static String message(JsonNode root) {
        String m = Json.text(root, "message");
        if (m == null) {
            m = Json.text(root, "msg");
        }
        return m == null ? "(no message)" : m;
    }

    /** @return {@code data}, else {@code result}, else a missing node */
    static JsonNode data(JsonNode root) {
        JsonNode d = root.get("data");
        if (d == null) {
            d = root.get("result");
        }
        return d == null ? tools.jackson.databind.node.MissingNode.getInstance() : d;
    }

    /**
     * @throws ResponseCodeException (or {@link RiskControlException}) when {@code code != 0}
     */
    static void check(JsonNode root, int code) {
        if (code != 0) {
            throw ResponseCodeException.of(code, message(root), root);
        }
    }

    /**
     * @param root a code-0 answer
     * @param url  URL without query (for messages)
     * @throws RiskControlException when its {@code data} holds only a {@code v_voucher} (a challenge the gateway
     *                              answers with code 0 in place of the data)
     */
    static void checkChallenge(JsonNode root, String url) {
        JsonNode data = root.get("data");
        if (data == null || !data.isObject() || Json.text(data, "v_voucher") == null) {
            return;
        }
        for (String name : data.propertyNames()) {
            if (!name.equals("v_voucher") && !name.equals("ga_data")) {
                return; // real data that happens to mention a voucher
            }
        }
        throw RiskControlException.challenge(root, url);
    }
}
