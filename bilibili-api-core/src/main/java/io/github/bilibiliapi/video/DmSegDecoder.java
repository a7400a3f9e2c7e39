package io.github.bilibiliapi.video;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes {@code bilibili.community.service.dm.v1.DmSegMobileReply} (see {@code dm_seg.proto} in the resources)
 * straight into {@link VideoDanmaku} with protobuf-java's {@link CodedInputStream}. Unknown fields are skipped, so
 * fields bilibili adds do not break decoding.
 */
public final class DmSegDecoder {

    private DmSegDecoder() {
    }

    /**
     * @param index the segment index, copied into the answer
     * @param body  the protobuf bytes
     * @return the segment
     * @throws DanmakuFormatException when the bytes are not a valid message
     */
    public static DanmakuSegment decode(int index, byte[] body) {
        List<VideoDanmaku> out = new ArrayList<>();
        boolean closed = false;
        try {
            CodedInputStream in = CodedInputStream.newInstance(body);
            while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    break;
                }
                switch (tag) {
                    case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
                        int length = in.readRawVarint32();
                        int limit = in.pushLimit(length);
                        out.add(elem(in));
                        in.popLimit(limit);
                    }
                    case (2 << 3) | WireFormat.WIRETYPE_VARINT -> closed = in.readInt32() == 1;
                    default -> in.skipField(tag);
                }
            }
        } catch (IOException e) {
            throw new DanmakuFormatException("seg.so segment " + index + " is not a DmSegMobileReply: "
                    + e.getMessage(), e);
        }
        return new DanmakuSegment(index, out, closed);
    }

    private static VideoDanmaku elem(CodedInputStream in) throws IOException {
        long id = 0;
        long ctime = 0;
        int progress = 0;
        int mode = 0;
        int fontSize = 0;
        int color = 0;
        int weight = 0;
        int pool = 0;
        int attr = 0;
        String midHash = "";
        String content = "";
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            switch (tag) {
                case (1 << 3) -> id = in.readInt64();
                case (2 << 3) -> progress = in.readInt32();
                case (3 << 3) -> mode = in.readInt32();
                case (4 << 3) -> fontSize = in.readInt32();
                case (5 << 3) -> color = in.readUInt32();
                case (6 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> midHash = in.readStringRequireUtf8();
                case (7 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> content = in.readString();
                case (8 << 3) -> ctime = in.readInt64();
                case (9 << 3) -> weight = in.readInt32();
                case (11 << 3) -> pool = in.readInt32();
                case (13 << 3) -> attr = in.readInt32();
                default -> in.skipField(tag);
            }
        }
        return new VideoDanmaku(id, progress, mode, fontSize, color, midHash, content, ctime, weight, pool, attr);
    }
}
