package io.github.bilibiliapi.test.bilibili;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Strict parsing and JavaScript-compatible encoding of query strings, written independently of the client.
 *
 * <p>Decoding follows what bilibili's (Go) servers do with {@code url.ParseQuery}: {@code +} is a space and a
 * malformed escape is an error. Encoding follows {@code encodeURIComponent} exactly.
 */
final class QueryString {

    private QueryString() {
    }

    /** Splits a raw query (without {@code ?}) into decoded pairs, in order; empty segments are skipped. */
    static List<Map.Entry<String, String>> parse(String rawQuery) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return pairs;
        }
        for (String segment : rawQuery.split("&", -1)) {
            if (segment.isEmpty()) {
                continue;
            }
            int eq = segment.indexOf('=');
            String key = eq < 0 ? segment : segment.substring(0, eq);
            String value = eq < 0 ? "" : segment.substring(eq + 1);
            pairs.add(Map.entry(decode(key), decode(value)));
        }
        return pairs;
    }

    /** First value of {@code name} in the parsed pairs, or {@code null}. */
    static String first(List<Map.Entry<String, String>> pairs, String name) {
        for (Map.Entry<String, String> pair : pairs) {
            if (pair.getKey().equals(name)) {
                return pair.getValue();
            }
        }
        return null;
    }

    /** Percent-decodes one component as UTF-8; throws {@link IllegalArgumentException} on malformed input. */
    static String decode(String component) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(component.length());
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '%') {
                if (i + 2 >= component.length()) {
                    throw new IllegalArgumentException("truncated percent escape in query");
                }
                int hi = Character.digit(component.charAt(i + 1), 16);
                int lo = Character.digit(component.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("invalid percent escape in query");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+') {
                out.write(' ');
            } else if (c < 0x80) {
                out.write(c);
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(raw, 0, raw.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("query component is not valid UTF-8", e);
        }
    }

    /** JavaScript {@code encodeURIComponent}: keeps {@code A-Z a-z 0-9 - _ . ! ~ * ' ( )}, UTF-8, upper-case hex. */
    static String encodeUriComponent(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || "-_.!~*'()".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
