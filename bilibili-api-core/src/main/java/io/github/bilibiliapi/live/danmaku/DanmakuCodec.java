package io.github.bilibiliapi.live.danmaku;

import io.github.bilibiliapi.live.danmaku.DanmakuProtocolException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.brotli.dec.BrotliInputStream;

/**
 * Encoder and decoder of bilibili's live danmaku packets. Pure: no I/O, no threads, no state besides its
 * configuration, so one instance is safe to share between threads (and to call from a benchmark).
 *
 * <p>Decoding a WebSocket frame yields the <em>leaf</em> packets it carries, in order: a frame may hold several
 * packets back to back, and a {@link DanmakuPacket#PROTOVER_ZLIB zlib} or {@link DanmakuPacket#PROTOVER_BROTLI brotli}
 * packet inflates to one or more further packets, which are decoded in turn. Leaf packets have protover 0 or 1.
 *
 * <p>Decompression is bounded: all the bytes inflated from one frame count towards {@link #maxInflatedBytes()}, and a
 * frame that would go past it fails with {@link DanmakuProtocolException.Kind#TOO_LARGE} before the memory is
 * allocated, so a decompression bomb cannot cause an {@link OutOfMemoryError}.
 *
 * <p>bilibili's heartbeat reply (op 3) has been seen followed by bytes past its declared length
 * ({@code "[object Object]"}); bytes after an op-3 packet that do not start a well-formed packet are therefore
 * ignored rather than reported.
 */
public final class DanmakuCodec {

    /** Header length in bytes. */
    public static final int HEADER_LENGTH = 16;
    /** Default cap on the bytes inflated from one frame: 16 MiB. */
    public static final int DEFAULT_MAX_INFLATED_BYTES = 16 * 1024 * 1024;

    // a compressed body inside a compressed body is not something bilibili sends; allow a little, not unbounded recursion
    private static final int MAX_NESTING = 3;

    private final int maxInflatedBytes;

    /** A codec with the default cap of {@value #DEFAULT_MAX_INFLATED_BYTES} inflated bytes per frame. */
    public DanmakuCodec() {
        this(DEFAULT_MAX_INFLATED_BYTES);
    }

    /**
     * A codec with the given cap.
     *
     * @param maxInflatedBytes the most bytes that decompressing one frame may produce, at least 1
     * @throws IllegalArgumentException if the cap is not positive
     */
    public DanmakuCodec(int maxInflatedBytes) {
        if (maxInflatedBytes < 1) {
            throw new IllegalArgumentException("maxInflatedBytes must be positive, was " + maxInflatedBytes);
        }
        this.maxInflatedBytes = maxInflatedBytes;
    }

    /**
     * The cap on the bytes inflated from one frame.
     *
     * @return the cap in bytes
     */
    public int maxInflatedBytes() {
        return maxInflatedBytes;
    }

    /**
     * Encodes one packet: the 16-byte big-endian header followed by the body.
     *
     * @param packet the packet
     * @return the bytes to send as one binary WebSocket frame
     */
    public static byte[] encode(DanmakuPacket packet) {
        if (packet == null) {
            throw new IllegalArgumentException("packet must not be null");
        }
        byte[] body = packet.bodyArray();
        byte[] out = new byte[HEADER_LENGTH + body.length];
        putInt(out, 0, out.length);
        out[4] = 0;
        out[5] = HEADER_LENGTH;
        out[6] = (byte) (packet.protover() >>> 8);
        out[7] = (byte) packet.protover();
        putInt(out, 8, packet.op());
        putInt(out, 12, packet.sequence());
        System.arraycopy(body, 0, out, HEADER_LENGTH, body.length);
        return out;
    }

    /**
     * Decodes a whole frame into its leaf packets.
     *
     * @param frame the payload of one binary WebSocket frame
     * @return the packets, in order
     * @throws DanmakuProtocolException if any part of the frame is truncated, malformed or too large; no packet is
     *                                  returned then (use {@link #decode(byte[], Consumer)} to keep the ones before
     *                                  the error)
     */
    public List<DanmakuPacket> decode(byte[] frame) {
        List<DanmakuPacket> out = new ArrayList<>(4);
        decode(frame, out::add);
        return out;
    }

    /**
     * Decodes a frame, handing each leaf packet to {@code sink} as soon as it is decoded. If the frame is bad past
     * some point, the packets before that point have been delivered when the exception is thrown.
     *
     * @param frame the payload of one binary WebSocket frame
     * @param sink  receives each leaf packet
     * @throws DanmakuProtocolException if a part of the frame is truncated, malformed or too large
     */
    public void decode(byte[] frame, Consumer<? super DanmakuPacket> sink) {
        if (frame == null) {
            throw new IllegalArgumentException("frame must not be null");
        }
        if (sink == null) {
            throw new IllegalArgumentException("sink must not be null");
        }
        try (Scratch scratch = new Scratch()) {
            decode(frame, (protover, op, sequence, buf, off, len) -> sink.accept(
                    new DanmakuPacket(protover, op, sequence, Arrays.copyOfRange(buf, off, off + len))), scratch);
        }
    }

    /** Receives a leaf packet as a slice of a buffer that is only valid during the call (it may be reused). */
    interface SliceSink {
        void packet(int protover, int op, int sequence, byte[] buf, int off, int len);
    }

    /**
     * What decoding may reuse from one frame to the next: the zlib inflater and the inflate buffers. Owned by one
     * caller at a time (a connection's decoder); the slices handed out point into its buffers.
     */
    static final class Scratch implements AutoCloseable {
        /** Larger inflate buffers are not kept: one rare huge frame should not pin its memory. */
        private static final int MAX_KEPT = 1024 * 1024;

        private Inflater inflater;
        private final byte[][] buffers = new byte[MAX_NESTING + 1][];
        private boolean inUse;

        /** Takes this scratch for one frame; {@code false} if it is taken already (then use another). */
        boolean acquire() {
            if (inUse) {
                return false;
            }
            inUse = true;
            return true;
        }

        void release() {
            inUse = false;
        }

        Inflater inflater() {
            if (inflater == null) {
                inflater = new Inflater();
            } else {
                inflater.reset();
            }
            return inflater;
        }

        @Override
        public void close() {
            if (inflater != null) {
                inflater.end();
                inflater = null;
            }
        }
    }

    /**
     * Decodes a frame without copying bodies: each leaf packet is handed over as a slice of the frame or of an
     * inflate buffer in {@code scratch}, valid only during the call.
     */
    void decode(byte[] frame, SliceSink sink, Scratch scratch) {
        decode(frame, 0, frame.length, sink, new int[] {maxInflatedBytes}, 0, scratch);
    }

    private void decode(byte[] buf, int start, int end, SliceSink sink, int[] budget, int depth, Scratch scratch) {
        int offset = start;
        if (offset == end) {
            throw new DanmakuProtocolException(Kind.TRUNCATED, where(depth) + "is empty, a packet needs at least "
                    + HEADER_LENGTH + " bytes");
        }
        while (offset < end) {
            int left = end - offset;
            if (left < HEADER_LENGTH) {
                throw new DanmakuProtocolException(Kind.TRUNCATED, where(depth) + "has " + left
                        + " bytes left at offset " + (offset - start) + ", fewer than a " + HEADER_LENGTH + "-byte header");
            }
            long packetLength = getInt(buf, offset) & 0xFFFFFFFFL;
            int headerLength = getShort(buf, offset + 4);
            int protover = getShort(buf, offset + 6);
            int op = getInt(buf, offset + 8);
            int sequence = getInt(buf, offset + 12);
            if (headerLength < HEADER_LENGTH || headerLength > packetLength) {
                throw new DanmakuProtocolException(Kind.MALFORMED, where(depth) + "packet at offset " + (offset - start)
                        + " has header length " + headerLength + " (packet length " + packetLength
                        + "); expected at least " + HEADER_LENGTH + " and at most the packet length");
            }
            if (packetLength > left) {
                throw new DanmakuProtocolException(Kind.TRUNCATED, where(depth) + "packet at offset " + (offset - start)
                        + " declares " + packetLength + " bytes but only " + left + " remain");
            }
            int bodyStart = offset + headerLength;
            int bodyEnd = offset + (int) packetLength;
            switch (protover) {
                case DanmakuPacket.PROTOVER_ZLIB, DanmakuPacket.PROTOVER_BROTLI -> {
                    if (depth >= MAX_NESTING) {
                        throw new DanmakuProtocolException(Kind.MALFORMED, where(depth) + "nests compressed packets "
                                + "deeper than " + MAX_NESTING + " levels");
                    }
                    Output inflated = protover == DanmakuPacket.PROTOVER_ZLIB
                            ? inflateZlib(buf, bodyStart, bodyEnd - bodyStart, budget, scratch, depth)
                            : inflateBrotli(buf, bodyStart, bodyEnd - bodyStart, budget, scratch, depth);
                    decode(inflated.bytes, 0, inflated.size, sink, budget, depth + 1, scratch);
                }
                default -> {
                    if (op == DanmakuPacket.OP_HEARTBEAT_REPLY && bodyEnd - bodyStart < 4) {
                        throw new DanmakuProtocolException(Kind.MALFORMED, where(depth) + "heartbeat reply at offset "
                                + (offset - start) + " has a " + (bodyEnd - bodyStart)
                                + "-byte body; the popularity needs 4");
                    }
                    sink.packet(protover, op, sequence, buf, bodyStart, bodyEnd - bodyStart);
                    if (op == DanmakuPacket.OP_HEARTBEAT_REPLY && !plausibleHeader(buf, bodyEnd, end)) {
                        // bilibili appends bytes past the declared length of op 3 ("[object Object]"): not a packet
                        return;
                    }
                }
            }
            offset = bodyEnd;
        }
    }

    private Output inflateZlib(byte[] buf, int off, int len, int[] budget, Scratch scratch, int depth) {
        Inflater inflater = scratch.inflater();
        try {
            inflater.setInput(buf, off, len);
            Output out = new Output(len, budget, "zlib", scratch, depth);
            while (!inflater.finished()) {
                out.ensureRoom();
                int n = inflater.inflate(out.bytes, out.size, out.room());
                if (n == 0) {
                    if (inflater.needsInput()) {
                        throw new DanmakuProtocolException(Kind.TRUNCATED, "zlib body of " + len
                                + " bytes ends before the end of its stream");
                    }
                    if (inflater.needsDictionary()) {
                        throw new DanmakuProtocolException(Kind.MALFORMED, "zlib body asks for a preset dictionary");
                    }
                }
                out.size += n;
            }
            return out.finish();
        } catch (DataFormatException e) {
            throw new DanmakuProtocolException(Kind.MALFORMED, "invalid zlib body of " + len + " bytes: "
                    + e.getMessage(), e);
        }
    }

    private Output inflateBrotli(byte[] buf, int off, int len, int[] budget, Scratch scratch, int depth) {
        Output out = new Output(len, budget, "brotli", scratch, depth);
        try (InputStream in = new BrotliInputStream(new ByteArrayInputStream(buf, off, len))) {
            while (true) {
                out.ensureRoom();
                int n = in.read(out.bytes, out.size, out.room());
                if (n < 0) {
                    return out.finish();
                }
                out.size += n;
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DanmakuProtocolException dpe) {
                throw dpe;
            }
            // org.brotli.dec reports a truncated or corrupt stream as an IOException (or, for some inputs, an
            // unchecked exception); neither may escape as anything but a protocol error
            throw new DanmakuProtocolException(Kind.MALFORMED, "invalid brotli body of " + len + " bytes: "
                    + e.getMessage(), e);
        }
    }

    /**
     * A growable output buffer that never holds more than the frame's remaining inflate budget (plus one probe byte).
     * It starts from the scratch buffer of its nesting level and leaves the grown one there for the next frame.
     */
    private static final class Output {
        final int[] budget;
        final String format;
        final Scratch scratch;
        final int depth;
        byte[] bytes;
        int size;
        // the bytes may hold more than the budget allows: only the first budget + 1 of them are ever written
        private final int limit;

        Output(int compressedLength, int[] budget, String format, Scratch scratch, int depth) {
            this.budget = budget;
            this.format = format;
            this.scratch = scratch;
            this.depth = depth;
            // +1: room to notice that the stream goes past the budget
            this.limit = budget[0] + 1 > 0 ? budget[0] + 1 : Integer.MAX_VALUE;
            byte[] kept = scratch.buffers[depth];
            int wanted = (int) Math.min(limit, Math.max(256L, compressedLength * 4L));
            this.bytes = kept != null && kept.length >= wanted ? kept : new byte[wanted];
        }

        /** Room left in the buffer, at most up to the probe byte. */
        int room() {
            return Math.min(bytes.length, limit) - size;
        }

        void ensureRoom() {
            if (room() > 0) {
                return;
            }
            if (size > budget[0]) {
                throw tooLarge();
            }
            int grown = (int) Math.min(limit, bytes.length * 2L);
            bytes = Arrays.copyOf(bytes, grown);
        }

        Output finish() {
            if (size > budget[0]) {
                throw tooLarge();
            }
            budget[0] -= size;
            if (bytes.length <= Scratch.MAX_KEPT) {
                scratch.buffers[depth] = bytes;
            }
            return this;
        }

        private DanmakuProtocolException tooLarge() {
            return new DanmakuProtocolException(Kind.TOO_LARGE, format + " body inflates past the remaining limit of "
                    + budget[0] + " bytes for this frame (maxInflatedBytes); frame rejected");
        }
    }

    /** Whether a real packet header (not a stray trailer) starts at {@code offset}. */
    private static boolean plausibleHeader(byte[] buf, int offset, int end) {
        int left = end - offset;
        if (left < HEADER_LENGTH) {
            return false;
        }
        long packetLength = getInt(buf, offset) & 0xFFFFFFFFL;
        int headerLength = getShort(buf, offset + 4);
        return headerLength == HEADER_LENGTH && packetLength >= HEADER_LENGTH && packetLength <= left;
    }

    private static String where(int depth) {
        return depth == 0 ? "frame " : "inflated body (level " + depth + ") ";
    }

    /** The big-endian {@code u32} at {@code b[i]} (as an int: callers widen it unsigned where it matters). */
    static int getInt(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    private static int getShort(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static void putInt(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
