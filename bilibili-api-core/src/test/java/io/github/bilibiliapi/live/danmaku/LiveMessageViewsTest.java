package io.github.bilibiliapi.live.danmaku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The typed views against the real message bodies of {@code live_msg} (copied into test resources) and the Open
 * Platform examples of {@code open_live}. Commands with no real body in the fixtures (SUPER_CHAT_MESSAGE_DELETE,
 * USER_TOAST_MSG, ROOM_CHANGE, LIKE_INFO_V3_*, SUPER_CHAT_MESSAGE_JPN) are checked on bodies written here from the
 * public protocol notes, and say so.
 */
class LiveMessageViewsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode fixture(String name) throws Exception {
        try (InputStream in = LiveMessageViewsTest.class.getResourceAsStream("/live/msg/" + name)) {
            return JSON.readTree(in.readAllBytes());
        }
    }

    /** The event as a connection decodes it, checked against the one built from the whole tree. */
    private static DanmakuEvent event(JsonNode raw) {
        return MessageReaderTest.decodedMatchingTree(raw.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static LiveMessage view(String fixture) throws Exception {
        return event(fixture(fixture)).message().orElseThrow();
    }

    @Test
    void danmuMsgWithEmoticonMedalFaceAndId() throws Exception {
        DanmuMessage d = (DanmuMessage) view("DANMU_MSG.json");
        assertThat(d.text()).isEqualTo("白花300块[热]");
        assertThat(d.uid()).isEqualTo(6088969);
        assertThat(d.uname()).isEqualTo("tim1997");
        assertThat(d.color()).isEqualTo(9920249);
        assertThat(d.medalLevel()).isEqualTo(29);
        assertThat(d.medalName()).isEqualTo("果咩吖");
        assertThat(d.face()).isEqualTo("https://i1.hdslb.com/bfs/face/5a9bb9cac3afbb58347c808ae76aaa41ca967d07.jpg");
        assertThat(d.emoticons()).containsExactly(new Emoticon("[热]",
                "http://i0.hdslb.com/bfs/live/6df760280b17a6cbac8c1874d357298f982ba4cf.png", 20, 20, "emoji_278"));
        assertThat(d.sticker()).isNull();
        assertThat(d.replyMid()).isZero();
        assertThat(d.id()).isEqualTo("364b06e3c561af3d5921f1253d66c1d575");
        assertThat(d.openId()).isEmpty();
    }

    @Test
    void danmuMsgReplyAndStickerFromTheExtraDocument() throws Exception {
        // the fixture's message with a reply target and a sticker, as bilibili marks them (info[0][12] = 1,
        // info[0][13] = the sticker, extra.reply_mid / reply_uname)
        tools.jackson.databind.node.ObjectNode raw = (tools.jackson.databind.node.ObjectNode) fixture("DANMU_MSG.json");
        tools.jackson.databind.node.ArrayNode meta = (tools.jackson.databind.node.ArrayNode) raw.path("info").path(0);
        tools.jackson.databind.node.ObjectNode mode = (tools.jackson.databind.node.ObjectNode) meta.path(15);
        tools.jackson.databind.node.ObjectNode extra = (tools.jackson.databind.node.ObjectNode) JSON.readTree(
                mode.path("extra").asString());
        extra.put("reply_mid", 42).put("reply_uname", "someone");
        mode.put("extra", extra.toString());
        meta.set(12, JSON.getNodeFactory().numberNode(1));
        meta.set(13, JSON.createObjectNode().put("url", "http://i0.hdslb.com/sticker.png").put("width", 162)
                .put("height", 162).put("emoticon_unique", "upower_1"));
        DanmuMessage d = event(raw).danmu();
        assertThat(d.replyMid()).isEqualTo(42);
        assertThat(d.replyUname()).isEqualTo("someone");
        assertThat(d.sticker()).isEqualTo(new Emoticon("白花300块[热]", "http://i0.hdslb.com/sticker.png", 162, 162,
                "upower_1"));
    }

    @Test
    void interactWordV2DecodesTheProtobuf() throws Exception {
        DanmakuEvent e = event(fixture("INTERACT_WORD_V2.json"));
        assertThat(e.type()).isEqualTo("INTERACT_WORD_V2");
        InteractWordMessage w = e.interactWord();
        assertThat(w).isEqualTo(new InteractWordMessage(439367700, "StarSea246", InteractWordMessage.ENTER, 544853,
                1751716524, 18, "生态", ""));
        assertThat(e.message()).contains(w);
    }

    @Test
    void interactWordJson() throws Exception {
        assertThat(view("INTERACT_WORD.json")).isEqualTo(new InteractWordMessage(335979315, "TIM_Init",
                InteractWordMessage.ENTER, 24143902, 1644563948, 1, "小豆皮", ""));
    }

    @Test
    void badProtobufIsAClearError() {
        assertThatThrownBy(() -> InteractWordMessage.fromProtobuf(new byte[] {0x0a, 0x7f, 'a'}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("past the end");
        byte[] truncatedVarint = Base64.getDecoder().decode("CJTw");
        assertThatThrownBy(() -> InteractWordMessage.fromProtobuf(truncatedVarint))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
    }

    @Test
    void theOtherFixtures() throws Exception {
        assertThat(view("SUPER_CHAT_MESSAGE.json")).isEqualTo(new SuperChatMessage(6522809, 294094150, "界原虚",
                "猪播完美预测自己第一个死，这就是鹅鸭杀高玩吗", 30, 1677069035, 1677069095,
                "https://i1.hdslb.com/bfs/face/7a11b48e0a3055e220fa8b4c7d938cd4bcac2577.jpg", 21, "ASAKI", 3, ""));
        assertThat(view("GUARD_BUY.json")).isEqualTo(new GuardBuyMessage(14225357, "妙妙喵喵妙妙喵O_O", 3, 1, 198000,
                "舰长", 1677069316, ""));
        assertThat(view("LIVE.json")).isEqualTo(new LiveStatusMessage(true, 23614753, 1651036923, "pc", ""));
        // PREPARING sends roomid as a string
        assertThat(view("PREPARING.json")).isEqualTo(new LiveStatusMessage(false, 1899237171, 0, "", ""));
        assertThat(view("WATCHED_CHANGE.json")).isEqualTo(new WatchedChangeMessage(17903, "1.7万", "1.7万人看过"));
        assertThat(view("ONLINE_RANK_COUNT.json")).isEqualTo(new OnlineRankCountMessage(1084, 1084));
        assertThat(view("ENTRY_EFFECT.json")).isEqualTo(new EntryEffectMessage(31382283, "WYCBat",
                "https://i0.hdslb.com/bfs/face/876e30e89faa5672858cc17bdb357362ec96bc29.jpg", "WYCBat 来了", 0));
        assertThat(view("LOG_IN_NOTICE.json")).isEqualTo(new LogInNoticeMessage("为保护用户隐私，未登录无法查看他人昵称",
                "http://i0.hdslb.com/bfs/dm/75e7c16b99208df259fe0a93354fd3440cbab412.png"));
        GiftMessage g = (GiftMessage) view("SEND_GIFT.json");
        assertThat(g.giftName()).isEqualTo("小花花");
        assertThat(g.uname()).isEqualTo("12138额83121");
        // commands without a view stay raw
        assertThat(event(fixture("NOTICE_MSG.json")).message()).isEmpty();
        assertThat(event(fixture("COMBO_SEND.json")).message()).isEmpty();
    }

    @Test
    void commandsWithoutARealBodyInTheFixtures() {
        // bodies written from the public protocol notes (no captured message in ../shared/fixtures)
        assertThat(msg("{\"cmd\":\"SUPER_CHAT_MESSAGE_DELETE\",\"data\":{\"ids\":[6522809,6522810]},\"roomid\":1}"))
                .isEqualTo(new SuperChatDeleteMessage(List.of(6522809L, 6522810L)));
        assertThat(msg("{\"cmd\":\"SUPER_CHAT_MESSAGE_JPN\",\"data\":{\"id\":\"6522809\",\"uid\":\"294094150\","
                + "\"price\":30,\"message\":\"hi\",\"message_jpn\":\"やあ\",\"start_time\":1,\"end_time\":61,"
                + "\"user_info\":{\"uname\":\"a\",\"face\":\"f\",\"guard_level\":0},\"medal_info\":{}}}"))
                .isEqualTo(new SuperChatMessage(6522809, 294094150, "a", "hi", 30, 1, 61, "f", 0, "", 0, ""));
        assertThat(msg("{\"cmd\":\"USER_TOAST_MSG\",\"data\":{\"uid\":14225357,\"username\":\"u\",\"guard_level\":3,"
                + "\"num\":1,\"unit\":\"月\",\"price\":198000,\"role_name\":\"舰长\",\"toast_msg\":\"t\","
                + "\"start_time\":5}}"))
                .isEqualTo(new UserToastMessage(14225357, "u", 3, 1, "月", 198000, "舰长", "t", 5));
        assertThat(msg("{\"cmd\":\"ROOM_CHANGE\",\"data\":{\"title\":\"T\",\"area_id\":86,\"area_name\":\"英雄联盟\","
                + "\"parent_area_id\":2,\"parent_area_name\":\"网游\"}}"))
                .isEqualTo(new RoomChangeMessage("T", 86, "英雄联盟", 2, "网游"));
        assertThat(msg("{\"cmd\":\"LIKE_INFO_V3_CLICK\",\"data\":{\"uid\":7,\"uname\":\"x\",\"like_text\":\"为主播点赞了\","
                + "\"fans_medal\":{\"medal_level\":3,\"medal_name\":\"m\"}}}"))
                .isEqualTo(new LikeClickMessage(7, "x", "为主播点赞了", 1, 3, "m", ""));
        assertThat(msg("{\"cmd\":\"LIKE_INFO_V3_UPDATE\",\"data\":{\"click_count\":1234}}"))
                .isEqualTo(new LikeUpdateMessage(1234));
    }

    @Test
    void openPlatformMessagesMapOntoTheSameViews() throws Exception {
        JsonNode open;
        try (InputStream in = LiveMessageViewsTest.class.getResourceAsStream("/live/open/open_live.json")) {
            open = JSON.readTree(in.readAllBytes());
        }
        JsonNode examples = open.path("message_examples").properties().iterator().next().getValue();
        DanmakuEvent dm = event(examples.path("LIVE_OPEN_PLATFORM_DM"));
        assertThat(dm.type()).isEqualTo("DANMU_MSG");
        assertThat(dm.cmd()).isEqualTo("LIVE_OPEN_PLATFORM_DM");
        DanmuMessage d = dm.danmu();
        assertThat(d.text()).isEqualTo("你们谁扔个小心心呗");
        assertThat(d.uname()).isEqualTo("猫裙少年泽远喵");
        assertThat(d.medalLevel()).isEqualTo(21);
        assertThat(d.medalName()).isEqualTo("官方");
        assertThat(d.timestampMillis()).isEqualTo(1650717881000L);
        assertThat(d.id()).isEqualTo("eb805544-0cf2-4688-bca1-88299e5344bf");

        DanmakuEvent gift = event(examples.path("LIVE_OPEN_PLATFORM_SEND_GIFT"));
        assertThat(gift.type()).isEqualTo("SEND_GIFT");
        assertThat(gift.gift().giftName()).isEqualTo("小心心");
        assertThat(gift.gift().coinType()).isEqualTo("silver");
        assertThat(gift.gift().guardLevel()).isEqualTo(3);

        DanmakuEvent guard = event(examples.path("LIVE_OPEN_PLATFORM_GUARD"));
        assertThat(guard.type()).isEqualTo("GUARD_BUY");
        assertThat(guard.guardBuy()).isEqualTo(new GuardBuyMessage(616066, "你的魔法", 3, 1, 0, "舰长", 1654801753, ""));

        DanmakuEvent sc = event(examples.path("LIVE_OPEN_PLATFORM_SUPER_CHAT"));
        assertThat(sc.type()).isEqualTo("SUPER_CHAT_MESSAGE");
        assertThat(sc.superChat().message()).isEqualTo("进行一个鱼的摸");
        assertThat(sc.superChat().price()).isEqualTo(30);
        assertThat(sc.superChat().id()).isEqualTo(3992851);

        JsonNode like = open.path("message_examples").path("2023_uid_era (commented-out samples in a demo built on "
                + "the vtb-link/bianka Go SDK; repository name unknown)").path(0);
        DanmakuEvent l = event(like);
        assertThat(l.type()).isEqualTo("LIKE_INFO_V3_CLICK");
        assertThat(l.message()).contains(new LikeClickMessage(0, "哔哩哔哩直播", "为主播点赞了", 114, 0, "", ""));
        // an open_id-era body (field names from the Open Platform docs quoted in the fixture)
        DanmakuEvent withOpenId = event(JSON.readTree("{\"cmd\":\"LIVE_OPEN_PLATFORM_DM\",\"data\":{\"msg\":\"hi\","
                + "\"open_id\":\"39b8fedb-60a5-4e29-ac75-b16955f7e632\",\"uname\":\"u\",\"timestamp\":1,"
                + "\"dm_type\":1,\"emoji_img_url\":\"http://i0.hdslb.com/e.png\"}}"));
        assertThat(withOpenId.danmu().openId()).isEqualTo("39b8fedb-60a5-4e29-ac75-b16955f7e632");
        assertThat(withOpenId.danmu().sticker().url()).isEqualTo("http://i0.hdslb.com/e.png");
        assertThat(event(JSON.readTree("{\"cmd\":\"LIVE_OPEN_PLATFORM_SUPER_CHAT_DEL\",\"data\":{\"room_id\":1,"
                + "\"message_ids\":[1,2]}}")).superChatDelete().ids()).containsExactly(1L, 2L);
    }

    private static LiveMessage msg(String json) {
        return event(JSON.readTree(json)).message().orElseThrow();
    }
}
