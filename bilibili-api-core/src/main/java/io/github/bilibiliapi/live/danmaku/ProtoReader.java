package io.github.bilibiliapi.live.danmaku;

import java.nio.charset.StandardCharsets;

/**
 * A minimal protobuf wire-format reader: varints and length-delimited fields, skipping 32/64-bit ones. It is all
 * {@code INTERACT_WORD_V2} needs (a handful of ints and strings), and keeps protobuf-java (and its generated code)
 * out of the live package; it accepts any field order and unknown fields, as protobuf readers must.
 */
final class ProtoReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LEN = 2;
    static final int FIXED32 = 5;

    private final byte[] buf;
    private int pos;
    private final int end;
    private int tag;
    private long varint;
    private int lenStart;
    private int lenEnd;

    ProtoReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    private ProtoReader(byte[] buf, int from, int to) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
    }

    /**
     * Moves to the next field.
     *
     * @return false at the end
     * @throws IllegalArgumentException on truncated or malformed input
     */
    boolean next() {
        if (pos >= end) {
            return false;
        }
        tag = (int) readVarint();
        switch (tag & 7) {
            case VARINT -> varint = readVarint();
            case FIXED64 -> skip(8);
            case FIXED32 -> skip(4);
            case LEN -> {
                long len = readVarint();
                if (len < 0 || len > end - pos) {
                    throw new IllegalArgumentException("protobuf: length " + len + " past the end");
                }
                lenStart = pos;
                lenEnd = pos + (int) len;
                pos = lenEnd;
            }
            default -> throw new IllegalArgumentException("protobuf: unsupported wire type " + (tag & 7));
        }
        return true;
    }

    int field() {
        return tag >>> 3;
    }

    int wireType() {
        return tag & 7;
    }

    long varint() {
        return wireType() == VARINT ? varint : 0;
    }

    String string() {
        return wireType() == LEN ? new String(buf, lenStart, lenEnd - lenStart, StandardCharsets.UTF_8) : "";
    }

    ProtoReader message() {
        return wireType() == LEN ? new ProtoReader(buf, lenStart, lenEnd) : new ProtoReader(buf, 0, 0);
    }

    private long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new IllegalArgumentException("protobuf: truncated varint");
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("protobuf: varint longer than 10 bytes");
    }

    private void skip(int n) {
        if (n > end - pos) {
            throw new IllegalArgumentException("protobuf: fixed field past the end");
        }
        pos += n;
    }
}
