package io.github.bilibiliapi.test.bilibili;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A strict {@code multipart/form-data} parser (RFC 7578): CRLF line endings, every part has a
 * {@code Content-Disposition: form-data; name=…}. Written here so the fake checks the client's encoding itself.
 */
final class Multipart {

    /**
     * One part.
     *
     * @param name        the form field name
     * @param filename    the file name, or {@code null} for a plain field
     * @param contentType the part's Content-Type, or {@code null}
     * @param content     raw content
     */
    record Part(String name, String filename, String contentType, byte[] content) {

        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private Multipart() {
    }

    /** The boundary parameter of a multipart/form-data Content-Type, or {@code null} if it is not one. */
    static String boundary(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] pieces = contentType.split(";");
        if (!pieces[0].trim().equalsIgnoreCase("multipart/form-data")) {
            return null;
        }
        for (int i = 1; i < pieces.length; i++) {
            String p = pieces[i].trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length());
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                return b.isEmpty() || b.length() > 70 ? null : b;
            }
        }
        return null;
    }

    /** Parses the body; throws {@link IllegalArgumentException} naming the first structural problem. */
    static List<Part> parse(byte[] body, String boundary) {
        byte[] first = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int pos = indexOf(body, first, 0);
        if (pos < 0) {
            throw new IllegalArgumentException("multipart body does not contain the boundary");
        }
        pos += first.length;
        List<Part> parts = new ArrayList<>();
        while (true) {
            if (startsWith(body, pos, "--")) {
                return parts; // close delimiter; the epilogue is ignored
            }
            if (!startsWith(body, pos, "\r\n")) {
                throw new IllegalArgumentException("boundary line is not followed by CRLF");
            }
            pos += 2;
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), pos);
            if (headerEnd < 0) {
                throw new IllegalArgumentException("part headers are not terminated by an empty line");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            String headerBlock = new String(body, pos, headerEnd - pos, StandardCharsets.UTF_8);
            for (String line : headerBlock.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("malformed part header line");
                }
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            int contentStart = headerEnd + 4;
            int end = indexOf(body, delimiter, contentStart);
            if (end < 0) {
                throw new IllegalArgumentException("part is not terminated by the boundary");
            }
            String disposition = headers.get("content-disposition");
            if (disposition == null || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
                throw new IllegalArgumentException("part without Content-Disposition: form-data");
            }
            String name = dispositionParam(disposition, "name");
            if (name == null) {
                throw new IllegalArgumentException("part without a name");
            }
            parts.add(new Part(name, dispositionParam(disposition, "filename"), headers.get("content-type"),
                    Arrays.copyOfRange(body, contentStart, end)));
            pos = end + delimiter.length;
        }
    }

    private static String dispositionParam(String disposition, String param) {
        for (String piece : disposition.split(";")) {
            String p = piece.trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(param)) {
                String v = p.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return null;
    }

    private static boolean startsWith(byte[] data, int pos, String ascii) {
        if (pos + ascii.length() > data.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (data[pos + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] data, byte[] needle, int from) {
        outer:
        for (int i = from; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
