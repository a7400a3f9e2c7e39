package io.github.bilibiliapi.live.danmaku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.live.danmaku.DanmakuProtocolException.Kind;
import io.github.bilibiliapi.test.live.LivePackets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class DanmakuCodecTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();
    private final DanmakuCodec codec = new DanmakuCodec();

    static byte[] resource(String path) {
        try (InputStream in = DanmakuCodecTest.class.getResourceAsStream("/live/" + path)) {
            assertThat(in).as("test resource /live/%s", path).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode vectors() {
        return JSON.readTree(resource("live_packets.json"));
    }

    // ---- vectors/live_packets.json

    @Test
    void encodesTheAuthVectorByteForByte() {
        JsonNode auth = vectors().get("auth").get(0);
        DanmakuPacket packet = DanmakuPacket.ofText(auth.get("protover").asInt(), auth.get("op").asInt(),
                auth.get("json_body").asString());
        byte[] encoded = DanmakuCodec.encode(packet);
        assertThat(HEX.formatHex(encoded)).isEqualTo(auth.get("hex").asString());
        assertThat(encoded).hasSize(auth.get("packet_len").asInt());
    }

    @Test
    void encodesTheHeartbeatVectorByteForByte() {
        JsonNode hb = vectors().get("heartbeat");
        byte[] encoded = DanmakuCodec.encode(DanmakuPacket.ofText(1, 2, hb.get("body").asString()));
        assertThat(HEX.formatHex(encoded)).isEqualTo(hb.get("hex").asString());
        assertThat(encoded).isEqualTo(resource("packets/heartbeat_op2.bin"));
    }

    @Test
    void decodesEveryDecodeVectorLikeTheProtocolDecoder() {
        for (JsonNode c : vectors().get("decode")) {
            List<DanmakuPacket> packets = codec.decode(HEX.parseHex(c.get("hex").asString()));
            JsonNode expected = c.get("protocol_decoder_result");
            assertThat(packets).as(c.get("name").asString()).hasSize(expected.size());
            for (int i = 0; i < packets.size(); i++) {
                DanmakuPacket p = packets.get(i);
                assertThat(p.protover()).isEqualTo(expected.get(i).get("protocol_version").asInt());
                assertThat(p.op()).isEqualTo(expected.get(i).get("datapack_type").asInt());
                assertThat(JSON.readTree(p.bodyText())).isEqualTo(expected.get(i).get("data"));
            }
        }
    }

    // ---- fixtures/live_packets

    @Test
    void decodesTheCapturedAuthAndAuthReply() {
        DanmakuPacket auth = single(codec.decode(resource("packets/auth_op7.bin")));
        assertThat(auth.op()).isEqualTo(DanmakuPacket.OP_AUTH);
        assertThat(auth.protover()).isEqualTo(1);
        assertThat(JSON.readTree(auth.bodyText()).get("roomid").asLong()).isEqualTo(22608112L);
        assertThat(auth.toString()).doesNotContain("0vpTHW7wWUnl").contains("<hidden>");

        DanmakuPacket reply = single(codec.decode(resource("packets/auth_reply_op8.bin")));
        assertThat(reply.op()).isEqualTo(DanmakuPacket.OP_AUTH_REPLY);
        assertThat(reply.bodyText()).isEqualTo("{\"code\":0}");
    }

    @Test
    void heartbeatReplyIgnoresBilibilisBytesPastTheDeclaredLength() {
        byte[] frame = resource("packets/heartbeat_reply_op3.bin");
        assertThat(frame.length).isGreaterThan(0x14); // the quirk is really in the capture
        DanmakuPacket reply = single(codec.decode(frame));
        assertThat(reply.op()).isEqualTo(DanmakuPacket.OP_HEARTBEAT_REPLY);
        assertThat(reply.popularity()).isEqualTo(0x09a2);
    }

    @Test
    void aRealPacketAfterAHeartbeatReplyIsStillDecoded() {
        byte[] frame = LivePackets.concat(List.of(LivePackets.heartbeatReply(7, false),
                LivePackets.message("{\"cmd\":\"AFTER\"}"), LivePackets.heartbeatReply(8, true)));
        List<DanmakuPacket> packets = codec.decode(frame);
        assertThat(packets).extracting(DanmakuPacket::op).containsExactly(3, 5, 3);
        assertThat(packets.get(1).bodyText()).isEqualTo("{\"cmd\":\"AFTER\"}");
        assertThat(packets.get(2).popularity()).isEqualTo(8);
    }

    @Test
    void popularityIsUnsigned() {
        DanmakuPacket reply = single(codec.decode(LivePackets.heartbeatReply(0xFFFFFFF0L, false)));
        assertThat(reply.popularity()).isEqualTo(0xFFFFFFF0L);
    }

    @Test
    void decodesTheSyntheticZlibBatch() {
        List<DanmakuPacket> packets = codec.decode(resource("packets/normal_op5_protover2_zlib.SYNTH.bin"));
        assertThat(packets).isNotEmpty().allSatisfy(p -> {
            assertThat(p.protover()).isZero();
            assertThat(p.op()).isEqualTo(DanmakuPacket.OP_MESSAGE);
            assertThat(JSON.readTree(p.bodyText()).has("cmd")).isTrue();
        });
    }

    // ---- brotli, batches, several packets per frame

    @Test
    void decodesBrotliFromTheNativeEncoderAndFromStoredMetaBlocks() {
        List<byte[]> inner = fixtureMessages();
        byte[] raw = LivePackets.concat(inner);
        byte[] nativeFrame = LivePackets.packet(3, 5, 0, LivePackets.brotli(raw));
        byte[] storedFrame = LivePackets.packet(3, 5, 0, LivePackets.brotliStored(raw));
        assertThat(LivePackets.nativeBrotliAvailable()).as("brotli4j native encoder on the build platform").isTrue();
        assertThat(texts(codec.decode(nativeFrame))).isEqualTo(texts(inner));
        assertThat(texts(codec.decode(storedFrame))).isEqualTo(texts(inner));
    }

    @Test
    void storedBrotliSpansSeveralMetaBlocks() {
        byte[] big = "x".repeat(200_000).getBytes(StandardCharsets.US_ASCII);
        byte[] frame = LivePackets.packet(3, 5, 0,
                LivePackets.brotliStored(LivePackets.message("{\"cmd\":\"BIG\",\"s\":\"" + new String(big, StandardCharsets.US_ASCII) + "\"}")));
        DanmakuPacket p = single(codec.decode(frame));
        assertThat(p.bodyLength()).isEqualTo(200_000 + 20);
    }

    @Test
    void decodesMixedProtoversBackToBackInOneFrame() {
        List<byte[]> msgs = fixtureMessages();
        byte[] frame = LivePackets.concat(List.of(
                msgs.get(0),
                LivePackets.zlibBatch(msgs.subList(1, 4)),
                LivePackets.brotliBatch(msgs.subList(4, 8)),
                LivePackets.heartbeatReply(42, true)));
        List<DanmakuPacket> packets = codec.decode(frame);
        assertThat(packets).hasSize(9);
        assertThat(texts(packets.subList(0, 8))).isEqualTo(texts(msgs.subList(0, 8)));
        assertThat(packets.get(8).popularity()).isEqualTo(42);
    }

    @Test
    void encodeThenDecodeRoundTrips() {
        DanmakuPacket p = new DanmakuPacket(0, 5, 7, "{\"cmd\":\"X\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(single(codec.decode(DanmakuCodec.encode(p)))).isEqualTo(p);
    }

    @Test
    void toleratesALongerHeaderLength() {
        byte[] std = LivePackets.message("{\"cmd\":\"A\"}");
        byte[] frame = new byte[std.length + 4];
        System.arraycopy(std, 0, frame, 0, 16);
        System.arraycopy(std, 16, frame, 20, std.length - 16);
        frame[3] = (byte) frame.length;
        frame[5] = 20;
        assertThat(single(codec.decode(frame)).bodyText()).isEqualTo("{\"cmd\":\"A\"}");
    }

    // ---- bounded decompression

    @Test
    void zlibBombIsRejectedNotAllocated() {
        byte[] zeros = new byte[32 * 1024 * 1024];
        byte[] frame = LivePackets.packet(2, 5, 0, LivePackets.zlib(zeros));
        assertThat(frame.length).isLessThan(100_000);
        assertThatThrownBy(() -> codec.decode(frame))
                .isInstanceOfSatisfying(DanmakuProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE))
                .hasMessageContaining("zlib body inflates past").hasMessageContaining("16777216");
    }

    @Test
    void brotliBombIsRejectedNotAllocated() {
        byte[] zeros = new byte[32 * 1024 * 1024];
        byte[] frame = LivePackets.packet(3, 5, 0, LivePackets.brotli(zeros));
        assertThat(frame.length).isLessThan(100_000);
        assertThatThrownBy(() -> codec.decode(frame))
                .isInstanceOfSatisfying(DanmakuProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE))
                .hasMessageContaining("brotli body inflates past");
    }

    @Test
    void capIsExactAndCountsEveryCompressedPacketOfTheFrame() {
        byte[] inner = LivePackets.message("{\"cmd\":\"" + "A".repeat(100) + "\"}");
        byte[] one = LivePackets.zlibBatch(List.of(inner));
        assertThat(new DanmakuCodec(inner.length).decode(one)).hasSize(1);
        assertThatThrownBy(() -> new DanmakuCodec(inner.length - 1).decode(one))
                .isInstanceOfSatisfying(DanmakuProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE));
        // two batches in one frame share the budget
        byte[] two = LivePackets.concat(List.of(one, LivePackets.brotliBatch(List.of(inner))));
        assertThat(new DanmakuCodec(2 * inner.length).decode(two)).hasSize(2);
        assertThatThrownBy(() -> new DanmakuCodec(2 * inner.length - 1).decode(two))
                .isInstanceOfSatisfying(DanmakuProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE));
    }

    @Test
    void aReusedScratchGivesTheSameSlicesAndKeepsTheCapExact() {
        // a connection reuses one scratch (inflater, inflate buffers) from frame to frame
        List<byte[]> msgs = fixtureMessages();
        byte[] frame = LivePackets.concat(List.of(msgs.get(0), LivePackets.zlibBatch(msgs.subList(1, 4)),
                LivePackets.brotliBatch(msgs.subList(4, 8)), LivePackets.zlibBatch(msgs.subList(0, 2))));
        List<String> expected = texts(codec.decode(frame));
        try (DanmakuCodec.Scratch scratch = new DanmakuCodec.Scratch()) {
            for (int round = 0; round < 3; round++) {
                List<String> seen = new ArrayList<>();
                codec.decode(frame, (protover, op, sequence, buf, off, len) ->
                        seen.add(new String(buf, off, len, StandardCharsets.UTF_8)), scratch);
                assertThat(seen).isEqualTo(expected);
            }
            // the kept buffers are larger than a small cap allows: the cap still holds to the byte
            byte[] inner = LivePackets.message("{\"cmd\":\"" + "A".repeat(100) + "\"}");
            byte[] one = LivePackets.zlibBatch(List.of(inner));
            List<Integer> lengths = new ArrayList<>();
            new DanmakuCodec(inner.length).decode(one, (protover, op, sequence, buf, off, len) -> lengths.add(len),
                    scratch);
            assertThat(lengths).containsExactly(inner.length - DanmakuCodec.HEADER_LENGTH);
            assertThatThrownBy(() -> new DanmakuCodec(inner.length - 1).decode(one,
                    (protover, op, sequence, buf, off, len) -> { }, scratch))
                    .isInstanceOfSatisfying(DanmakuProtocolException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE));
        }
    }

    // ---- malformed and truncated input

    @Test
    void rejectsTruncatedAndMalformedFramesWithClearMessages() {
        byte[] ok = LivePackets.message("{\"cmd\":\"A\"}");
        assertKind(new byte[0], Kind.TRUNCATED, "is empty");
        assertKind(Arrays.copyOf(ok, 10), Kind.TRUNCATED, "10 bytes left at offset 0");
        assertKind(Arrays.copyOf(ok, ok.length - 1), Kind.TRUNCATED, "declares " + ok.length + " bytes but only "
                + (ok.length - 1) + " remain");
        byte[] badHeader = ok.clone();
        badHeader[5] = 8;
        assertKind(badHeader, Kind.MALFORMED, "header length 8");
        byte[] zlib = LivePackets.zlib("hello world hello world".getBytes(StandardCharsets.US_ASCII));
        assertKind(LivePackets.packet(2, 5, 0, Arrays.copyOf(zlib, zlib.length - 6)), Kind.TRUNCATED, "zlib body");
        assertKind(LivePackets.packet(2, 5, 0, "not zlib at all".getBytes(StandardCharsets.US_ASCII)), Kind.MALFORMED,
                "invalid zlib body");
        assertKind(LivePackets.packet(3, 5, 0, new byte[] {(byte) 0xFF, (byte) 0xFF, 1, 2, 3}), Kind.MALFORMED,
                "invalid brotli body");
        byte[] br = LivePackets.brotli(LivePackets.concat(fixtureMessages()));
        assertKind(LivePackets.packet(3, 5, 0, Arrays.copyOf(br, br.length / 2)), Kind.MALFORMED, "invalid brotli body");
        // a compressed body must itself hold whole packets
        assertKind(LivePackets.packet(2, 5, 0, LivePackets.zlib("{\"cmd\":\"A\"}".getBytes(StandardCharsets.UTF_8))),
                Kind.TRUNCATED, "inflated body (level 1) has 11 bytes left");
        assertKind(LivePackets.packet(1, 3, 0, new byte[2]), Kind.MALFORMED, "popularity needs 4");
    }

    @Test
    void streamingDecodeDeliversThePacketsBeforeTheError() {
        byte[] a = LivePackets.message("{\"cmd\":\"A\"}");
        byte[] b = LivePackets.message("{\"cmd\":\"B\"}");
        byte[] frame = LivePackets.concat(List.of(a, b, Arrays.copyOf(a, 7)));
        List<DanmakuPacket> seen = new ArrayList<>();
        assertThatThrownBy(() -> codec.decode(frame, seen::add)).isInstanceOf(DanmakuProtocolException.class);
        assertThat(texts(seen)).containsExactly("{\"cmd\":\"A\"}", "{\"cmd\":\"B\"}");
    }

    @Test
    void validatesArgumentsBeforeWork() {
        assertThatThrownBy(() -> new DanmakuCodec(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxInflatedBytes");
        assertThatThrownBy(() -> codec.decode(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("frame");
        assertThatThrownBy(() -> new DanmakuPacket(70000, 5, 1, new byte[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("protover");
        assertThatThrownBy(() -> new DanmakuPacket(0, 5, 1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DanmakuPacket(0, 5, 1, new byte[0]).popularity()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void packetIsImmutable() {
        byte[] body = {1, 2, 3};
        DanmakuPacket p = new DanmakuPacket(0, 5, 1, body);
        body[0] = 9;
        p.body()[1] = 9;
        assertThat(p.body()).containsExactly(1, 2, 3);
    }

    // ---- helpers

    static List<byte[]> fixtureMessages() {
        List<byte[]> out = new ArrayList<>();
        for (String name : FIXTURE_NAMES) {
            out.add(LivePackets.message(JSON.readTree(resource("msg/" + name)).toString()));
        }
        return out;
    }

    static final List<String> FIXTURE_NAMES = List.of("COMBO_SEND.json", "DANMU_MSG.json",
            "DANMU_MSG_cmd_suffix_4-0-2-2-2-0.from_blive-message-listener.json", "ENTRY_EFFECT.json", "GUARD_BUY.json",
            "INTERACT_WORD.json", "INTERACT_WORD_V2.json", "LIVE.json", "LOG_IN_NOTICE.json", "NOTICE_MSG.json",
            "ONLINE_RANK_COUNT.json", "PREPARING.json", "SEND_GIFT.json", "SUPER_CHAT_MESSAGE.json",
            "WATCHED_CHANGE.json");

    private void assertKind(byte[] frame, Kind kind, String messagePart) {
        assertThatThrownBy(() -> codec.decode(frame))
                .isInstanceOfSatisfying(DanmakuProtocolException.class, e -> assertThat(e.kind()).isEqualTo(kind))
                .hasMessageContaining(messagePart);
    }

    private static DanmakuPacket single(List<DanmakuPacket> packets) {
        assertThat(packets).hasSize(1);
        return packets.get(0);
    }

    private static List<String> texts(List<?> packetsOrBytes) {
        List<String> out = new ArrayList<>();
        for (Object o : packetsOrBytes) {
            if (o instanceof DanmakuPacket p) {
                out.add(p.bodyText());
            } else {
                byte[] b = (byte[]) o;
                out.add(new String(b, 16, b.length - 16, StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
