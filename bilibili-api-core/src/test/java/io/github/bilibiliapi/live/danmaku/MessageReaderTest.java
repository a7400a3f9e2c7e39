package io.github.bilibiliapi.live.danmaku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A connection reads each message only as far as its view needs ({@link MessageReader}); these compare what it gets
 * that way with what the whole Jackson tree gives, for every real message of the fixtures ({@code live/msg}, copied
 * from the reference {@code live_msg}, and every Open Platform example of {@code open_live}), as the bytes were
 * captured and re-serialised compactly, and check how broken JSON is reported.
 */
class MessageReaderTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] LIVE_MSG = {"COMBO_SEND", "DANMU_MSG",
        "DANMU_MSG_cmd_suffix_4-0-2-2-2-0.from_blive-message-listener", "ENTRY_EFFECT", "GUARD_BUY", "INTERACT_WORD",
        "INTERACT_WORD_V2", "LIVE", "LOG_IN_NOTICE", "NOTICE_MSG", "ONLINE_RANK_COUNT", "PREPARING", "SEND_GIFT",
        "SUPER_CHAT_MESSAGE", "WATCHED_CHANGE"};

    /** What a listener gets from a connection for {@code body}; {@code null} when it became an ERROR event. */
    static DanmakuEvent decode(byte[] body) {
        List<DanmakuEvent> out = new ArrayList<>();
        FrameDecoder decoder = new FrameDecoder(DanmakuCodec.DEFAULT_MAX_INFLATED_BYTES, new FrameDecoder.Sink() {
            @Override
            public void authReply(JsonNode reply) {
            }

            @Override
            public void popularity(long popularity) {
            }

            @Override
            public void event(DanmakuEvent event) {
                out.add(event);
            }

            @Override
            public long roomId() {
                return 1;
            }
        });
        decoder.frame(packet(body), () -> true);
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private static byte[] packet(byte[] body) {
        byte[] p = new byte[16 + body.length];
        java.nio.ByteBuffer.wrap(p).putInt(p.length).putShort((short) 16).putShort((short) 0)
                .putInt(DanmakuPacket.OP_MESSAGE).putInt(0);
        System.arraycopy(body, 0, p, 16, body.length);
        return p;
    }

    /**
     * Decodes {@code body} as a connection does and checks it against the event built from the whole tree: the same
     * type, cmd, raw tree, and the same view (or the same failure to read one).
     */
    static DanmakuEvent decodedMatchingTree(byte[] body) {
        JsonNode tree = JSON.readTree(body);
        DanmakuEvent full = new DanmakuEvent(DanmakuEvent.typeOf(tree.path("cmd").asString()), tree, 1, null);
        DanmakuEvent decoded = decode(body);
        assertThat(decoded.type()).isEqualTo(full.type());
        assertThat(decoded.cmd()).isEqualTo(full.cmd());
        assertThat(decoded.error()).isNull();
        Object fullView = view(full);
        Object decodedView = view(decoded);
        if (fullView instanceof IllegalArgumentException e) {
            assertThat(decodedView).isInstanceOf(IllegalArgumentException.class);
            assertThat(((Exception) decodedView).getMessage()).isEqualTo(e.getMessage());
        } else {
            assertThat(decodedView).as("view of %s", full.cmd()).isEqualTo(fullView);
        }
        assertThat(decoded.raw()).isEqualTo(tree);
        assertThat(decoded).isEqualTo(full).hasSameHashCodeAs(full);
        return decoded;
    }

    private static Object view(DanmakuEvent e) {
        try {
            return e.message();
        } catch (IllegalArgumentException ex) {
            return ex;
        }
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = MessageReaderTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void everyRealMessageGivesTheViewOfTheWholeTree() throws Exception {
        int views = 0;
        for (String name : LIVE_MSG) {
            byte[] captured = resource("/live/msg/" + name + ".json");
            DanmakuEvent e = decodedMatchingTree(captured);
            decodedMatchingTree(JSON.readTree(captured).toString().getBytes(StandardCharsets.UTF_8));
            views += e.message().isPresent() ? 1 : 0;
        }
        // all but COMBO_SEND and NOTICE_MSG have a view
        assertThat(views).isEqualTo(LIVE_MSG.length - 2);
    }

    @Test
    void everyOpenPlatformExampleGivesTheViewOfTheWholeTree() throws Exception {
        JsonNode open = JSON.readTree(resource("/live/open/open_live.json"));
        List<JsonNode> messages = new ArrayList<>();
        collectMessages(open.path("message_examples"), messages);
        assertThat(messages).hasSizeGreaterThanOrEqualTo(8);
        int views = 0;
        for (JsonNode m : messages) {
            DanmakuEvent e = decodedMatchingTree(m.toString().getBytes(StandardCharsets.UTF_8));
            views += e.message().isPresent() ? 1 : 0;
        }
        assertThat(views).isGreaterThanOrEqualTo(6);
    }

    private static void collectMessages(JsonNode n, List<JsonNode> out) {
        if (n.isObject() && n.path("cmd").isString()) {
            out.add(n);
        } else if (n.isContainer()) {
            for (JsonNode c : n) {
                collectMessages(c, out);
            }
        }
    }

    @Test
    void danmuReplyStickerAndEscapesGiveTheViewOfTheWholeTree() throws Exception {
        String captured = new String(resource("/live/msg/DANMU_MSG.json"), StandardCharsets.UTF_8);
        tools.jackson.databind.node.ObjectNode raw = (tools.jackson.databind.node.ObjectNode) JSON.readTree(captured);
        tools.jackson.databind.node.ArrayNode meta = (tools.jackson.databind.node.ArrayNode) raw.path("info").path(0);
        tools.jackson.databind.node.ObjectNode mode = (tools.jackson.databind.node.ObjectNode) meta.path(15);
        tools.jackson.databind.node.ObjectNode extra = (tools.jackson.databind.node.ObjectNode) JSON.readTree(
                mode.path("extra").asString());
        extra.put("reply_mid", 42).put("reply_uname", "some\"one\\\u2028");
        mode.put("extra", extra.toString());
        meta.set(12, JSON.getNodeFactory().numberNode(1));
        meta.set(13, JSON.createObjectNode().put("url", "http://i0.hdslb.com/sticker.png").put("width", 162)
                .put("height", 162.5).put("emoticon_unique", "upower_1"));
        // a uid past int, a text with escapes and a non-BMP character, as \\u escapes
        ((tools.jackson.databind.node.ArrayNode) raw.path("info").path(2)).set(0,
                JSON.getNodeFactory().numberNode(12345678901234L));
        ((tools.jackson.databind.node.ArrayNode) raw.path("info")).set(1,
                JSON.getNodeFactory().stringNode("a\tb\"c😀"));
        byte[] body = JSON.writer().with(tools.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
                .writeValueAsBytes(raw);
        DanmuMessage d = decodedMatchingTree(body).danmu();
        assertThat(d.replyUname()).isEqualTo("some\"one\\\u2028");
        assertThat(d.text()).isEqualTo("a\tb\"c😀");
        assertThat(d.uid()).isEqualTo(12345678901234L);
        assertThat(d.sticker().height()).isEqualTo(162);
    }

    @Test
    void unknownCommandsReadTheCmdOnlyAndBuildTheTreeOnDemand() {
        byte[] body = "{\"cmd\":\"NOTICE_MSG\",\"data\":{\"x\":[1,2,{\"y\":\"}\"}]},\"z\":true}"
                .getBytes(StandardCharsets.UTF_8);
        DanmakuEvent e = decode(body);
        assertThat(e.type()).isEqualTo("NOTICE_MSG");
        assertThat(e.message()).isEmpty();
        assertThat(e.toString()).contains("NOTICE_MSG").contains(body.length + " bytes").doesNotContain("\"y\"");
        assertThat(e.raw().path("data").path("x").path(2).path("y").asString()).isEqualTo("}");
        assertThat(e.raw()).isSameAs(e.raw());
    }

    @Test
    void jsonBrokenInThePartReadIsAnErrorEvent() {
        for (String broken : new String[] {"{\"cmd\":\"DANMU_MSG\",\"info\":[[0,1,2,3,", "{\"cmd\":\"DANMU_",
            "not json", "{\"cmd\":\"SEND_GIFT\",\"data\":{\"uid\":01}}",
            "{\"cmd\":\"SEND_GIFT\",\"data\":{\"uname\":\"a\u0001\"}}", "{\"cmd\":\"\"}"}) {
            DanmakuEvent e = decode(broken.getBytes(StandardCharsets.UTF_8));
            assertThat(e.type()).as(broken).isEqualTo(DanmakuEvent.ERROR);
            assertThat(e.error()).isInstanceOf(DanmakuProtocolException.class);
            assertThat(((DanmakuProtocolException) e.error()).kind())
                    .isEqualTo(DanmakuProtocolException.Kind.MALFORMED);
        }
    }

    @Test
    void jsonBrokenAfterThePartReadFailsInRaw() {
        // the view's values are all before the break: the event arrives, its tree cannot be built
        DanmakuEvent e = decode("{\"cmd\":\"WATCHED_CHANGE\",\"data\":{\"num\":5,\"text_small\":\"5\",\"text_large\":\"5人看过\"},\"x\":[}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(e.type()).isEqualTo("WATCHED_CHANGE");
        assertThat(e.message()).contains(new WatchedChangeMessage(5, "5", "5人看过"));
        assertThatThrownBy(e::raw).isInstanceOf(DanmakuProtocolException.class)
                .hasMessageContaining("not JSON");
        DanmakuEvent unknown = decode("{\"cmd\":\"X\",\"data\":{".getBytes(StandardCharsets.UTF_8));
        assertThat(unknown.type()).isEqualTo("X");
        assertThatThrownBy(unknown::raw).isInstanceOf(DanmakuProtocolException.class);
    }

    @Test
    void aMessageNotStartingWithCmdIsParsedWhole() {
        DanmakuEvent e = decodedMatchingTree("{\"data\":{\"num\":7},\"cmd\":\"WATCHED_CHANGE\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(e.message()).contains(new WatchedChangeMessage(7, "", ""));
        DanmakuEvent noCmd = decode("{\"data\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(noCmd.type()).isEqualTo(DanmakuEvent.ERROR);
    }

    @Test
    void rawIsBuiltOnceWhicheverThreadAsksFirst() throws Exception {
        for (int round = 0; round < 20; round++) {
            DanmakuEvent e = decode(resource("/live/msg/SEND_GIFT.json"));
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<JsonNode>> trees = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    trees.add(pool.submit(() -> {
                        go.await();
                        return e.raw();
                    }));
                }
                go.countDown();
                JsonNode first = trees.get(0).get();
                for (Future<JsonNode> t : trees) {
                    assertThat(t.get()).isSameAs(first);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void theViewIsReadOnceAndSharedByListeners() throws Exception {
        DanmakuEvent e = decode(resource("/live/msg/DANMU_MSG.json"));
        Optional<LiveMessage> first = e.message();
        assertThat(e.message().orElseThrow()).isSameAs(first.orElseThrow());
        assertThat(e.danmu()).isSameAs(first.orElseThrow());
    }
}
