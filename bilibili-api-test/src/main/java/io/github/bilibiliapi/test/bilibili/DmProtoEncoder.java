package io.github.bilibiliapi.test.bilibili;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes {@code DmSegMobileReply} protobuf bytes by hand (varints and length-delimited fields), independent of any
 * protobuf library, so the library's decoder is checked against a separate encoder. It also writes fields the
 * library does not read (idStr, action, animation, colorful, an unknown field 14, the ai_flag and colorfulSrc
 * messages) as the real answers carry them.
 */
public final class DmProtoEncoder {

    private DmProtoEncoder() {
    }

    /**
     * @param elems  the danmaku
     * @param closed whether to write {@code state = 1}
     * @return the message bytes
     */
    public static byte[] encode(List<FakeDanmaku> elems, boolean closed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(elems.size() * 96 + 64);
        for (FakeDanmaku d : elems) {
            byte[] elem = elem(d);
            tag(out, 1, 2);
            varint(out, elem.length);
            out.writeBytes(elem);
        }
        if (closed) {
            tag(out, 2, 0);
            varint(out, 1);
        }
        if (!elems.isEmpty()) {
            // ai_flag { dm_flags { dmid, flag } }
            ByteArrayOutputStream flag = new ByteArrayOutputStream();
            tag(flag, 1, 0);
            varint(flag, elems.get(0).id());
            tag(flag, 2, 0);
            varint(flag, 3);
            ByteArrayOutputStream ai = new ByteArrayOutputStream();
            lengthDelimited(ai, 1, flag.toByteArray());
            lengthDelimited(out, 3, ai.toByteArray());
            // colorfulSrc { type = 60001, src = "..." }
            ByteArrayOutputStream colorful = new ByteArrayOutputStream();
            tag(colorful, 1, 0);
            varint(colorful, 60001);
            lengthDelimited(colorful, 2, "https://i0.hdslb.com/bfs/dm/colorful.png".getBytes(StandardCharsets.UTF_8));
            lengthDelimited(out, 5, colorful.toByteArray());
        }
        return out.toByteArray();
    }

    private static byte[] elem(FakeDanmaku d) {
        ByteArrayOutputStream e = new ByteArrayOutputStream(96);
        varintField(e, 1, d.id());
        varintField(e, 2, d.progress());
        varintField(e, 3, d.mode());
        varintField(e, 4, d.fontsize());
        varintField(e, 5, d.color() & 0xFFFFFFFFL);
        lengthDelimited(e, 6, d.midHash().getBytes(StandardCharsets.UTF_8));
        lengthDelimited(e, 7, d.content().getBytes(StandardCharsets.UTF_8));
        varintField(e, 8, d.ctime());
        varintField(e, 9, d.weight());
        lengthDelimited(e, 10, new byte[0]);
        varintField(e, 11, d.pool());
        lengthDelimited(e, 12, Long.toString(d.id()).getBytes(StandardCharsets.UTF_8));
        varintField(e, 13, d.attr());
        varintField(e, 14, 12345); // seen in real answers, not in the published .proto
        if (d.id() % 3 == 0) {
            lengthDelimited(e, 22, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
            varintField(e, 24, 60001);
        }
        return e.toByteArray();
    }

    private static void varintField(ByteArrayOutputStream out, int field, long value) {
        if (value == 0) {
            return; // proto3 leaves defaults out
        }
        tag(out, field, 0);
        varint(out, value);
    }

    private static void lengthDelimited(ByteArrayOutputStream out, int field, byte[] value) {
        tag(out, field, 2);
        varint(out, value.length);
        out.writeBytes(value);
    }

    private static void tag(ByteArrayOutputStream out, int field, int wireType) {
        varint(out, ((long) field << 3) | wireType);
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
