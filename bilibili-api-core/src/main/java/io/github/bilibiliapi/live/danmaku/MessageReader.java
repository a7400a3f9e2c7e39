package io.github.bilibiliapi.live.danmaku;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads from one server message only what its typed view needs: the {@code cmd} (which must be the first property,
 * as bilibili sends it), then the values a {@link Pick} names, into a partial tree of the same node types a full
 * Jackson parse gives, so the views' {@code from(JsonNode)} read it exactly as they read the whole message. Values not
 * picked are skipped by scanning for their end, without decoding; reading stops as soon as every picked value of the
 * message is read, so the rest of the body is never looked at (and a syntax error there is found only by
 * {@link DanmakuEvent#raw()}).
 */
final class MessageReader {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A syntax error in the part of a body that was read; no stack trace, it becomes an ERROR event. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    /** What to keep of a value: all of it, some properties of an object, or some elements of an array. */
    static final class Pick {
        /** The whole value, as a full parse builds it. */
        static final Pick ALL = new Pick(null, null, null);

        final byte[][] names;
        final String[] nameStrings;
        final Pick[] fields;
        final Pick[] elements;

        private Pick(byte[][] names, Pick[] fields, Pick[] elements) {
            this.names = names;
            this.fields = fields;
            this.elements = elements;
            this.nameStrings = names == null ? null : new String[names.length];
            for (int i = 0; names != null && i < names.length; i++) {
                nameStrings[i] = new String(names[i], StandardCharsets.UTF_8);
            }
        }

        /**
         * Some properties of an object: each argument is a name (kept whole) or a name followed by its
         * {@code Pick}.
         */
        static Pick object(Object... spec) {
            java.util.List<byte[]> names = new java.util.ArrayList<>();
            java.util.List<Pick> picks = new java.util.ArrayList<>();
            for (int i = 0; i < spec.length; i++) {
                names.add(((String) spec[i]).getBytes(StandardCharsets.UTF_8));
                if (i + 1 < spec.length && spec[i + 1] instanceof Pick p) {
                    picks.add(p);
                    i++;
                } else {
                    picks.add(ALL);
                }
            }
            if (names.size() > 63) {
                throw new IllegalArgumentException("at most 63 properties");
            }
            return new Pick(names.toArray(new byte[0][]), picks.toArray(new Pick[0]), null);
        }

        /** Some elements of an array, by index; {@code null} skips that index. */
        static Pick array(Pick... elements) {
            return new Pick(null, null, elements.clone());
        }
    }

    /**
     * What each view's {@code from(JsonNode)} reads, by event type ({@link OpenPlatformViews#PREFIX} for the Open
     * Platform's messages). It must name every value those methods read: {@code MessageReaderTest} compares the views
     * read through it with the views read from the whole message, for every real message in the fixtures.
     */
    static final Map<String, Pick> VIEW_PICKS = Map.ofEntries(
            Map.entry("DANMU_MSG", Pick.object("info", Pick.array(
                    Pick.array(null, null, null, Pick.ALL, Pick.ALL, null, null, null, null, null, null, null,
                            Pick.ALL, Pick.ALL, null, Pick.object("extra", "user",
                                    Pick.object("base", Pick.object("face")))),
                    Pick.ALL, Pick.array(Pick.ALL, Pick.ALL), Pick.array(Pick.ALL, Pick.ALL), null, null, null,
                    Pick.ALL))),
            Map.entry("SEND_GIFT", data("uid", "uname", "giftId", "giftName", "num", "action", "price", "coin_type",
                    "total_coin", "timestamp", "face", "medal_info", Pick.object("medal_level", "medal_name"),
                    "guard_level")),
            Map.entry("SUPER_CHAT_MESSAGE", data("id", "uid", "user_info",
                    Pick.object("uname", "face", "guard_level"), "message", "price", "start_time", "end_time",
                    "medal_info", Pick.object("medal_level", "medal_name"))),
            Map.entry("SUPER_CHAT_MESSAGE_JPN", data("id", "uid", "user_info",
                    Pick.object("uname", "face", "guard_level"), "message", "price", "start_time", "end_time",
                    "medal_info", Pick.object("medal_level", "medal_name"))),
            Map.entry("SUPER_CHAT_MESSAGE_DELETE", Pick.object("data")),
            Map.entry("GUARD_BUY", data("uid", "username", "guard_level", "num", "price", "gift_name",
                    "start_time")),
            Map.entry("USER_TOAST_MSG", data("uid", "username", "guard_level", "num", "unit", "price", "role_name",
                    "toast_msg", "start_time")),
            Map.entry("LIVE", Pick.object("roomid", "live_time", "live_platform")),
            Map.entry("PREPARING", Pick.object("roomid", "live_time", "live_platform")),
            Map.entry("ROOM_CHANGE", data("title", "area_id", "area_name", "parent_area_id", "parent_area_name")),
            Map.entry("WATCHED_CHANGE", data("num", "text_small", "text_large")),
            Map.entry("ONLINE_RANK_COUNT", data("count", "online_count")),
            Map.entry("LIKE_INFO_V3_CLICK", data("uid", "uname", "like_text", "fans_medal",
                    Pick.object("medal_level", "medal_name"))),
            Map.entry("LIKE_INFO_V3_UPDATE", data("click_count")),
            Map.entry("ENTRY_EFFECT", data("copy_writing", "uinfo", Pick.object("base", Pick.object("name")), "uid",
                    "face", "privilege_type")),
            Map.entry("INTERACT_WORD", data("pb", "uid", "uname", "msg_type", "roomid", "timestamp", "fans_medal",
                    Pick.object("medal_level", "medal_name"))),
            Map.entry("INTERACT_WORD_V2", data("pb", "uid", "uname", "msg_type", "roomid", "timestamp",
                    "fans_medal", Pick.object("medal_level", "medal_name"))),
            Map.entry(DanmakuEvent.LOG_IN_NOTICE, data("notice_msg", "image_web")),
            Map.entry(OpenPlatformViews.PREFIX, Pick.object("data")));

    private static Pick data(Object... fields) {
        return Pick.object("data", Pick.object(fields));
    }

    /** A message's {@code cmd} and the partial tree read for its view. */
    record Result(String cmd, ObjectNode tree) {
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private final byte[] buf;
    private final int end;
    private int pos;
    /** Whether the string {@link #keyEnd()} last found has a backslash. */
    private boolean escapeSeen;

    private MessageReader(byte[] buf, int off, int len) {
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    /**
     * Reads {@code cmd} and what {@code picks} keeps for it.
     *
     * @param picks event type → what its view reads; a type not in it gets the {@code cmd} only
     * @return the result, or {@code null} when the body does not start with a string {@code cmd} (the caller then
     *         parses it whole)
     * @throws MalformedException if the part read is not JSON
     */
    static Result read(byte[] buf, int off, int len, Map<String, Pick> picks) throws MalformedException {
        MessageReader r = new MessageReader(buf, off, len);
        r.ws();
        r.expect('{');
        r.ws();
        if (r.peek() != '"') {
            return null;
        }
        int keyEnd = r.keyEnd();
        if (keyEnd - r.pos - 1 != 3 || buf[r.pos + 1] != 'c' || buf[r.pos + 2] != 'm' || buf[r.pos + 3] != 'd') {
            return null;
        }
        r.pos = keyEnd + 1;
        r.ws();
        r.expect(':');
        r.ws();
        if (r.peek() != '"') {
            return null;
        }
        String cmd = r.string();
        ObjectNode tree = NODES.objectNode();
        tree.put("cmd", cmd);
        Pick pick;
        if (cmd.startsWith(OpenPlatformViews.PREFIX)) {
            // the Open Platform's messages are small and rare: their data is kept whole
            int colon = cmd.indexOf(':');
            pick = OpenPlatformViews.TYPES.containsKey(colon < 0 ? cmd : cmd.substring(0, colon))
                    ? picks.get(OpenPlatformViews.PREFIX) : null;
        } else {
            pick = picks.get(DanmakuEvent.typeOf(cmd));
        }
        if (pick != null && pick.names != null) {
            r.restOfObject(tree, pick, 0, true);
        }
        return new Result(cmd, tree);
    }

    /**
     * Reads what {@code pick} keeps of a JSON document (an object read as far as the pick needs; any other value
     * whole).
     *
     * @return the (partial) tree, or {@code null} if the part read is not JSON
     */
    static JsonNode document(byte[] bytes, Pick pick) {
        MessageReader r = new MessageReader(bytes, 0, bytes.length);
        try {
            r.ws();
            if (r.peek() != '{' || pick.names == null) {
                JsonNode n = r.whole();
                r.ws();
                return r.pos == r.end ? n : null;
            }
            r.pos++;
            ObjectNode o = NODES.objectNode();
            r.ws();
            if (r.peek() == '}') {
                r.pos++;
                return o;
            }
            int i = r.property(pick);
            long found = 0;
            if (i < 0) {
                r.skipValue();
            } else {
                o.set(pick.nameStrings[i], r.value(pick.fields[i]));
                found = 1L << i;
                if (found == (1L << pick.names.length) - 1) {
                    return o;
                }
            }
            r.restOfObject(o, pick, found, true);
            return o;
        } catch (MalformedException e) {
            return null;
        }
    }

    /** After a value inside an object: reads the remaining properties into {@code into}. */
    private void restOfObject(ObjectNode into, Pick pick, long found, boolean root) throws MalformedException {
        long all = (1L << pick.names.length) - 1;
        while (true) {
            if (closes('}')) {
                return;
            }
            ws();
            int i = property(pick);
            if (i < 0) {
                skipValue();
                continue;
            }
            into.set(pick.nameStrings[i], value(pick.fields[i]));
            found |= 1L << i;
            if (found == all) {
                if (!root) {
                    skipToClose();
                }
                return;
            }
        }
    }

    /** Reads a property name and its colon; the index of the name in {@code pick}, or -1. */
    private int property(Pick pick) throws MalformedException {
        if (peek() != '"') {
            throw unexpected(peek());
        }
        int start = pos + 1;
        int keyEnd = keyEnd();
        int found = -1;
        if (escapeSeen) {
            String name = string();
            for (int i = 0; i < pick.names.length; i++) {
                if (name.equals(pick.nameStrings[i])) {
                    found = i;
                    break;
                }
            }
        } else {
            int len = keyEnd - start;
            names:
            for (int i = 0; i < pick.names.length; i++) {
                byte[] n = pick.names[i];
                if (n.length != len) {
                    continue;
                }
                // names are short: a plain loop beats the vectorised mismatch's set-up
                for (int k = 0; k < len; k++) {
                    if (n[k] != buf[start + k]) {
                        continue names;
                    }
                }
                found = i;
                break;
            }
            pos = keyEnd + 1;
        }
        ws();
        expect(':');
        ws();
        return found;
    }

    /** The value at the cursor, as much of it as {@code pick} keeps. */
    private JsonNode value(Pick pick) throws MalformedException {
        ws();
        byte c = peek();
        if (c == '{' && pick.names != null) {
            pos++;
            ObjectNode o = NODES.objectNode();
            ws();
            if (peek() == '}') {
                pos++;
                return o;
            }
            int i = property(pick);
            long found = 0;
            if (i < 0) {
                skipValue();
            } else {
                o.set(pick.nameStrings[i], value(pick.fields[i]));
                found = 1L << i;
                if (found == (1L << pick.names.length) - 1) {
                    skipToClose();
                    return o;
                }
            }
            restOfObject(o, pick, found, false);
            return o;
        }
        if (c == '[' && pick.elements != null) {
            pos++;
            ArrayNode a = NODES.arrayNode();
            ws();
            if (peek() == ']') {
                pos++;
                return a;
            }
            for (int index = 0; ; index++) {
                if (index >= pick.elements.length) {
                    skipToClose(); // past the last element the view reads
                    return a;
                }
                Pick e = pick.elements[index];
                if (e == null) {
                    skipValue();
                    a.add(NODES.nullNode()); // a placeholder: the view never reads this index
                } else {
                    a.add(value(e));
                }
                if (closes(']')) {
                    return a;
                }
            }
        }
        return whole();
    }

    /** The whole value at the cursor, built as Jackson's {@code readTree} builds it. */
    private JsonNode whole() throws MalformedException {
        ws();
        byte c = peek();
        switch (c) {
            case '{' -> {
                pos++;
                ObjectNode o = NODES.objectNode();
                ws();
                if (peek() == '}') {
                    pos++;
                    return o;
                }
                while (true) {
                    ws();
                    if (peek() != '"') {
                        throw unexpected(peek());
                    }
                    String name = string();
                    ws();
                    expect(':');
                    o.set(name, whole());
                    if (closes('}')) {
                        return o;
                    }
                }
            }
            case '[' -> {
                pos++;
                ArrayNode a = NODES.arrayNode();
                ws();
                if (peek() == ']') {
                    pos++;
                    return a;
                }
                while (true) {
                    a.add(whole());
                    if (closes(']')) {
                        return a;
                    }
                }
            }
            case '"' -> {
                return NODES.stringNode(string());
            }
            case 't' -> {
                literal("true");
                return NODES.booleanNode(true);
            }
            case 'f' -> {
                literal("false");
                return NODES.booleanNode(false);
            }
            case 'n' -> {
                literal("null");
                return NODES.nullNode();
            }
            default -> {
                return number();
            }
        }
    }

    private JsonNode number() throws MalformedException {
        int start = pos;
        int i = pos;
        if (i < end && buf[i] == '-') {
            i++;
        }
        int digits = i;
        while (i < end && buf[i] >= '0' && buf[i] <= '9') {
            i++;
        }
        int intDigits = i - digits;
        if (intDigits == 0 || (intDigits > 1 && buf[digits] == '0')) {
            throw unexpected(i < end ? buf[i] : 0);
        }
        boolean fractional = false;
        if (i < end && buf[i] == '.') {
            fractional = true;
            int f = ++i;
            while (i < end && buf[i] >= '0' && buf[i] <= '9') {
                i++;
            }
            if (i == f) {
                throw unexpected(i < end ? buf[i] : 0);
            }
        }
        if (i < end && (buf[i] == 'e' || buf[i] == 'E')) {
            fractional = true;
            i++;
            if (i < end && (buf[i] == '+' || buf[i] == '-')) {
                i++;
            }
            int e = i;
            while (i < end && buf[i] >= '0' && buf[i] <= '9') {
                i++;
            }
            if (i == e) {
                throw unexpected(i < end ? buf[i] : 0);
            }
        }
        pos = i;
        if (fractional) {
            return NODES.numberNode(Double.parseDouble(new String(buf, start, i - start, StandardCharsets.ISO_8859_1)));
        }
        if (intDigits <= 18) {
            long v = 0;
            for (int d = digits; d < i; d++) {
                v = v * 10 + (buf[d] - '0');
            }
            if (digits > start) {
                v = -v;
            }
            return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
        }
        java.math.BigInteger big = new java.math.BigInteger(new String(buf, start, i - start,
                StandardCharsets.ISO_8859_1));
        return big.bitLength() < 64 ? NODES.numberNode(big.longValue()) : NODES.numberNode(big);
    }

    private void literal(String word) throws MalformedException {
        int n = word.length();
        for (int i = 0; i < n; i++) {
            if (pos + i >= end || buf[pos + i] != word.charAt(i)) {
                throw new MalformedException("expected " + word + " at offset " + pos);
            }
        }
        pos += n;
    }

    /** The string at the cursor (on its opening quote), decoded. */
    private String string() throws MalformedException {
        int start = pos + 1;
        int close = keyEnd();
        if (escapeSeen) {
            return escapedString(start, close);
        }
        for (int i = start; i < close; i++) {
            if ((buf[i] & 0xFF) < 0x20) {
                throw new MalformedException("control character in a string at offset " + i);
            }
        }
        pos = close + 1;
        return new String(buf, start, close - start, StandardCharsets.UTF_8);
    }

    /**
     * A string with escapes, from {@code start} to its closing quote at {@code close}: unescaped into UTF-8 bytes
     * (never longer than the escaped form), then decoded once.
     */
    private String escapedString(int start, int close) throws MalformedException {
        byte[] out = new byte[close - start];
        int n = 0;
        int i = start;
        while (i < close) {
            byte b = buf[i];
            if ((b & 0xFF) < 0x20) {
                throw new MalformedException("control character in a string at offset " + i);
            }
            if (b != '\\') {
                out[n++] = b;
                i++;
                continue;
            }
            byte e = buf[i + 1]; // keyEnd saw the escaped byte before the closing quote
            i += 2;
            switch (e) {
                case '"', '\\', '/' -> out[n++] = e;
                case 'b' -> out[n++] = '\b';
                case 'f' -> out[n++] = '\f';
                case 'n' -> out[n++] = '\n';
                case 'r' -> out[n++] = '\r';
                case 't' -> out[n++] = '\t';
                case 'u' -> {
                    int c = hex4(i, close);
                    i += 4;
                    if (Character.isHighSurrogate((char) c) && i + 6 <= close && buf[i] == '\\' && buf[i + 1] == 'u') {
                        int low = hex4(i + 2, close);
                        if (Character.isLowSurrogate((char) low)) {
                            c = Character.toCodePoint((char) c, (char) low);
                            i += 6;
                        }
                    }
                    if (Character.isSurrogate((char) c) && c < 0x10000) {
                        return loneSurrogate(start, close); // not expressible in UTF-8 bytes
                    }
                    n = utf8(out, n, c);
                }
                default -> throw new MalformedException("bad escape \\" + (char) e + " at offset " + (i - 1));
            }
        }
        pos = close + 1;
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private int hex4(int at, int close) throws MalformedException {
        if (at + 4 > close) {
            throw new MalformedException("truncated \\u escape at offset " + at);
        }
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int h = Character.digit(buf[at + k], 16);
            if (h < 0) {
                throw new MalformedException("bad \\u escape at offset " + (at + k));
            }
            v = v << 4 | h;
        }
        return v;
    }

    private static int utf8(byte[] out, int n, int c) {
        if (c < 0x80) {
            out[n++] = (byte) c;
        } else if (c < 0x800) {
            out[n++] = (byte) (0xC0 | c >> 6);
            out[n++] = (byte) (0x80 | c & 0x3F);
        } else if (c < 0x10000) {
            out[n++] = (byte) (0xE0 | c >> 12);
            out[n++] = (byte) (0x80 | c >> 6 & 0x3F);
            out[n++] = (byte) (0x80 | c & 0x3F);
        } else {
            out[n++] = (byte) (0xF0 | c >> 18);
            out[n++] = (byte) (0x80 | c >> 12 & 0x3F);
            out[n++] = (byte) (0x80 | c >> 6 & 0x3F);
            out[n++] = (byte) (0x80 | c & 0x3F);
        }
        return n;
    }

    /** A string with an unpaired surrogate escape: decoded char by char, as Jackson keeps it. */
    private String loneSurrogate(int start, int close) throws MalformedException {
        StringBuilder sb = new StringBuilder(close - start);
        int i = start;
        int run = i;
        while (i < close) {
            if (buf[i] != '\\') {
                i++;
                continue;
            }
            sb.append(new String(buf, run, i - run, StandardCharsets.UTF_8));
            byte e = buf[i + 1];
            i += 2;
            switch (e) {
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    sb.append((char) hex4(i, close));
                    i += 4;
                }
                default -> sb.append((char) e);
            }
            run = i;
        }
        sb.append(new String(buf, run, close - run, StandardCharsets.UTF_8));
        pos = close + 1;
        return sb.toString();
    }

    /**
     * The offset of the closing quote of the name or string at the cursor; sets {@link #escapeSeen}. Eight bytes at a
     * time: most of a message's bytes are inside strings.
     */
    private int keyEnd() throws MalformedException {
        byte[] b = buf;
        int i = pos + 1;
        boolean escape = false;
        while (i + 8 <= end) {
            long w = (long) LONGS.get(b, i);
            long q = w ^ 0x2222222222222222L; // '"'
            long e = w ^ 0x5C5C5C5C5C5C5C5CL; // '\\'
            long m = ((q - 0x0101010101010101L) & ~q | (e - 0x0101010101010101L) & ~e) & 0x8080808080808080L;
            if (m == 0) {
                i += 8;
                continue;
            }
            // the lowest flagged byte is a real match (borrows only flag bytes above it)
            i += Long.numberOfTrailingZeros(m) >>> 3;
            if (b[i] == '"') {
                escapeSeen = escape;
                return i;
            }
            escape = true;
            i += 2;
        }
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                escapeSeen = escape;
                return i;
            }
            if (c == '\\') {
                escape = true;
                i++;
            }
        }
        throw new MalformedException("unterminated string");
    }

    /** Skips the value at the cursor without decoding it. */
    private void skipValue() throws MalformedException {
        ws();
        byte c = peek();
        if (c == '"') {
            pos = keyEnd() + 1;
        } else if (c == '{' || c == '[') {
            pos++;
            skipToClose();
        } else {
            int start = pos;
            while (pos < end) {
                byte b = buf[pos];
                if (b == ',' || b == '}' || b == ']' || b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                    break;
                }
                pos++;
            }
            if (pos == start) {
                throw unexpected(c);
            }
        }
    }

    /** Inside an object or array: skips past its closing bracket. */
    private void skipToClose() throws MalformedException {
        int depth = 1;
        byte[] b = buf;
        for (int i = pos; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                pos = i;
                i = keyEnd();
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    pos = i + 1;
                    return;
                }
            }
        }
        throw new MalformedException("unterminated object or array");
    }

    /** After a value: skips whitespace, then reads {@code close} (true) or a comma (false). */
    private boolean closes(char close) throws MalformedException {
        ws();
        byte d = next();
        if (d == close) {
            return true;
        }
        if (d != ',') {
            throw unexpected(d);
        }
        return false;
    }

    private void ws() {
        while (pos < end) {
            byte b = buf[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    private byte peek() throws MalformedException {
        if (pos >= end) {
            throw new MalformedException("unexpected end of the message");
        }
        return buf[pos];
    }

    private byte next() throws MalformedException {
        byte b = peek();
        pos++;
        return b;
    }

    private void expect(char c) throws MalformedException {
        byte b = next();
        if (b != c) {
            pos--;
            throw unexpected(b);
        }
    }

    private MalformedException unexpected(int b) {
        return new MalformedException("unexpected " + (pos >= end ? "end" : "character '" + (char) (b & 0xFF) + "'")
                + " at offset " + pos);
    }
}
