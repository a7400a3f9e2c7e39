package io.github.bilibiliapi.test.live;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * The fake server's own encoder and decoder of bilibili's live danmaku packets, written independently of the client's
 * codec so that each checks the other.
 *
 * <p>Header (16 bytes, big-endian): {@code u32} packet length (header included), {@code u16} header length 16,
 * {@code u16} protover (0 JSON, 1 heartbeat/auth, 2 zlib, 3 brotli), {@code u32} op, {@code u32} sequence.
 *
 * <p>Brotli is produced by brotli4j (Google's C encoder over JNI, the library Netty uses) when its native library
 * loads on this platform, otherwise by {@link #brotliStored(byte[])}, a valid brotli stream made of uncompressed
 * meta-blocks (RFC 7932 §9.2), so the fake works everywhere.
 */
public final class LivePackets {

    /** Header length. */
    public static final int HEADER = 16;
    /** Op: client heartbeat. */
    public static final int OP_HEARTBEAT = 2;
    /** Op: heartbeat reply with popularity. */
    public static final int OP_HEARTBEAT_REPLY = 3;
    /** Op: message. */
    public static final int OP_MESSAGE = 5;
    /** Op: auth. */
    public static final int OP_AUTH = 7;
    /** Op: auth reply. */
    public static final int OP_AUTH_REPLY = 8;

    /** The bytes bilibili appends past the declared length of a heartbeat reply. */
    public static final byte[] OBJECT_OBJECT = "[object Object]".getBytes(StandardCharsets.US_ASCII);

    private LivePackets() {
    }

    /** A decoded packet (header fields and body). */
    public record Packet(int packetLength, int headerLength, int protover, int op, int sequence, byte[] body) {
        /** The body as UTF-8. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** One packet with the given header fields and body. */
    public static byte[] packet(int protover, int op, int sequence, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + body.length);
        b.putInt(HEADER + body.length).putShort((short) HEADER).putShort((short) protover).putInt(op).putInt(sequence);
        b.put(body);
        return b.array();
    }

    /** A protover-0 op-5 packet carrying one JSON message. */
    public static byte[] message(String json) {
        return packet(0, OP_MESSAGE, 0, json.getBytes(StandardCharsets.UTF_8));
    }

    /** The op-8 auth reply, {@code {"code":N}}. */
    public static byte[] authReply(int code) {
        return packet(1, OP_AUTH_REPLY, 1, ("{\"code\":" + code + "}").getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The op-3 heartbeat reply with a {@code u32} popularity, followed (like bilibili's servers) by
     * {@code "[object Object]"} past the declared length when {@code bilibiliTrailer} is set.
     */
    public static byte[] heartbeatReply(long popularity, boolean bilibiliTrailer) {
        byte[] p = packet(1, OP_HEARTBEAT_REPLY, 0, ByteBuffer.allocate(4).putInt((int) popularity).array());
        return bilibiliTrailer ? concat(List.of(p, OBJECT_OBJECT)) : p;
    }

    /** Several packets back to back in one frame. */
    public static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A protover-2 op-5 packet whose body is the zlib-compressed concatenation of {@code inner}. */
    public static byte[] zlibBatch(List<byte[]> inner) {
        return packet(2, OP_MESSAGE, 0, zlib(concat(inner)));
    }

    /** A protover-3 op-5 packet whose body is the brotli-compressed concatenation of {@code inner}. */
    public static byte[] brotliBatch(List<byte[]> inner) {
        return packet(3, OP_MESSAGE, 0, brotli(concat(inner)));
    }

    /** zlib (RFC 1950) at the default level. */
    public static byte[] zlib(byte[] data) {
        Deflater d = new Deflater();
        try {
            d.setInput(data);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
            byte[] buf = new byte[8192];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    /** Whether brotli4j's native encoder loaded on this platform. */
    public static boolean nativeBrotliAvailable() {
        return Brotli4jLoader.isAvailable();
    }

    /** Brotli (RFC 7932): brotli4j when its native library loads, otherwise {@link #brotliStored(byte[])}. */
    public static byte[] brotli(byte[] data) {
        if (!Brotli4jLoader.isAvailable()) {
            return brotliStored(data);
        }
        try {
            return Encoder.compress(data, Encoder.Parameters.create(5));
        } catch (IOException e) {
            throw new UncheckedIOException("brotli4j failed to compress " + data.length + " bytes", e);
        }
    }

    /**
     * A valid brotli stream holding {@code data} in uncompressed meta-blocks: WBITS=16 (one 0 bit), then for each
     * chunk of at most 65536 bytes ISLAST=0, MNIBBLES=4, MLEN-1 (16 bits), ISUNCOMPRESSED=1, padding to the byte,
     * the bytes; finally ISLAST=1, ISLASTEMPTY=1. Bits are packed least significant first.
     */
    public static byte[] brotliStored(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 16);
        long bits = 0; // bit accumulator
        int n = 0; // bits in the accumulator
        bits |= 0L; // WBITS = 16
        n += 1;
        int pos = 0;
        while (pos < data.length) {
            int len = Math.min(65536, data.length - pos);
            // ISLAST=0 (1 bit), MNIBBLES=0 meaning 4 nibbles (2 bits), MLEN-1 (16 bits), ISUNCOMPRESSED=1 (1 bit)
            bits |= 0L << n;
            n += 1;
            bits |= 0L << n;
            n += 2;
            bits |= ((long) (len - 1)) << n;
            n += 16;
            bits |= 1L << n;
            n += 1;
            while (n > 0) { // flush, padding the last byte with zeros
                out.write((int) (bits & 0xFF));
                bits >>>= 8;
                n = Math.max(0, n - 8);
            }
            bits = 0;
            out.write(data, pos, len);
            pos += len;
        }
        bits |= 1L << n; // ISLAST
        n += 1;
        bits |= 1L << n; // ISLASTEMPTY
        n += 1;
        while (n > 0) {
            out.write((int) (bits & 0xFF));
            bits >>>= 8;
            n = Math.max(0, n - 8);
        }
        return out.toByteArray();
    }

    /**
     * Splits a frame sent by a client into packets (clients send uncompressed packets only).
     *
     * @throws IllegalArgumentException if the frame is truncated or a header is invalid
     */
    public static List<Packet> decode(byte[] frame) {
        List<Packet> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(frame);
        while (b.remaining() > 0) {
            if (b.remaining() < HEADER) {
                throw new IllegalArgumentException("truncated header: " + b.remaining() + " bytes");
            }
            int start = b.position();
            int len = b.getInt();
            int hl = Short.toUnsignedInt(b.getShort());
            int pv = Short.toUnsignedInt(b.getShort());
            int op = b.getInt();
            int seq = b.getInt();
            if (hl != HEADER || len < HEADER || len - HEADER > b.remaining()) {
                throw new IllegalArgumentException("bad header: length " + len + ", header length " + hl
                        + ", " + (b.remaining() + HEADER) + " bytes left");
            }
            byte[] body = new byte[len - HEADER];
            b.position(start + HEADER);
            b.get(body);
            out.add(new Packet(len, hl, pv, op, seq, body));
        }
        return out;
    }
}
