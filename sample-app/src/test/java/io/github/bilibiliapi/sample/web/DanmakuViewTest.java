package io.github.bilibiliapi.sample.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.bilibiliapi.live.danmaku.DanmakuEvent;
import io.github.bilibiliapi.test.bilibili.FakeBilibiliState;
import io.github.bilibiliapi.test.live.LiveModule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the live page receives for each real message body (the fake's fixtures). */
class DanmakuViewTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static DanmakuEvent event(String message) {
        JsonNode raw = JSON.readTree(message);
        return new DanmakuEvent(DanmakuEvent.typeOf(raw.path("cmd").asString()), raw, 14073662L, null);
    }

    private static List<String> fixtures() {
        return new LiveModule(new FakeBilibiliState()).fixtureMessages();
    }

    private static Map<String, Object> view(String cmd) {
        return fixtures().stream().filter(m -> m.contains("\"cmd\":\"" + cmd + "\"")).findFirst()
                .map(m -> DanmakuController.view(event(m))).orElseThrow();
    }

    @Test
    void everyFixtureHasAView() {
        for (String m : fixtures()) {
            assertThatCode(() -> DanmakuController.view(event(m))).as(m).doesNotThrowAnyException();
        }
    }

    @Test
    void aDanmakuIsCutIntoTextAndEmoticonImages() {
        Map<String, Object> v = view("DANMU_MSG");
        assertThat(v).containsEntry("user", "tim1997").containsEntry("text", "白花300块[热]")
                .containsEntry("medal", Map.of("name", "果咩吖", "level", 29));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> parts = (List<Map<String, Object>>) v.get("parts");
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0)).isEqualTo(Map.of("text", "白花300块"));
        assertThat(parts.get(1)).containsEntry("emoticon", "[热]");
        assertThat((String) parts.get(1).get("url")).startsWith("https://").contains("hdslb.com");
    }

    @Test
    void giftsSuperChatsAndCountsCarryWhatThePageShows() {
        assertThat(view("SEND_GIFT")).containsEntry("gift", "小花花").containsEntry("yuan", 0.1);
        assertThat(view("SUPER_CHAT_MESSAGE")).containsEntry("price", 30)
                .containsEntry("medal", Map.of("name", "ASAKI", "level", 21));
        assertThat(view("ONLINE_RANK_COUNT")).containsEntry("online", 1084L);
        assertThat(view("WATCHED_CHANGE")).containsEntry("watched", 17903L).containsEntry("text", "1.7万人看过");
        assertThat(view("INTERACT_WORD")).containsEntry("type", "ENTER");
    }
}
