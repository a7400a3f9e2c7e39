package io.github.bilibiliapi.sample.web;

import io.github.bilibiliapi.live.LiveService;
import io.github.bilibiliapi.live.SentDanmaku;
import io.github.bilibiliapi.live.danmaku.DanmakuEvent;
import io.github.bilibiliapi.live.danmaku.DanmakuFlux;
import io.github.bilibiliapi.live.danmaku.DanmuMessage;
import io.github.bilibiliapi.live.danmaku.Emoticon;
import io.github.bilibiliapi.live.danmaku.LiveRooms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;

/**
 * A live room's chat for the browser as server-sent events, built on {@link DanmakuFlux#room}: the first page that
 * opens a room connects it, later pages share that connection, and when the last page goes away the room is released
 * (the starter's {@link LiveRooms} also closes it with the application). Each event is reduced to what the page shows.
 */
@RestController
class DanmakuController {

    /** The event types the page renders; everything else (raw commands, errors) stays on the server. */
    private static final java.util.Set<String> SHOWN = java.util.Set.of("DANMU_MSG", "SEND_GIFT",
            "SUPER_CHAT_MESSAGE", "SUPER_CHAT_MESSAGE_JPN", "GUARD_BUY", "INTERACT_WORD", "ENTRY_EFFECT",
            "WATCHED_CHANGE", "ONLINE_RANK_COUNT", "LIVE", "PREPARING", "LOG_IN_NOTICE", DanmakuEvent.VIEW,
            DanmakuEvent.VERIFICATION_SUCCESSFUL, DanmakuEvent.RECONNECTING);

    private final LiveRooms rooms;
    private final LiveService live;
    private final Map<Long, Flux<DanmakuEvent>> streams = new ConcurrentHashMap<>();

    DanmakuController(LiveRooms rooms, LiveService live) {
        this.rooms = rooms;
        this.live = live;
    }

    /** Sends a danmaku as the logged-in account (split at the length limit, paced per room). */
    @PostMapping(path = "/api/live/{roomId}/danmaku")
    List<String> send(@PathVariable long roomId, @RequestParam String text) {
        return live.sendDanmaku(roomId, text).join().stream().map(SentDanmaku::text).toList();
    }

    /**
     * The room's events as SSE. The first event is {@code STREAM}, so a page that joins an already connected room
     * knows it is attached (it will not see that room's {@code VERIFICATION_SUCCESSFUL}).
     */
    @GetMapping(path = "/api/live/{roomId}/danmaku", produces = "text/event-stream")
    Flux<ServerSentEvent<Map<String, Object>>> danmaku(@PathVariable long roomId) {
        Flux<DanmakuEvent> room = streams.computeIfAbsent(roomId, id -> DanmakuFlux.room(rooms, id));
        Map<String, Object> hello = new LinkedHashMap<>();
        hello.put("type", "STREAM");
        hello.put("connected", rooms.openRooms() > 0);
        return Flux.just(hello)
                .concatWith(room.filter(e -> SHOWN.contains(e.type())).map(DanmakuController::view))
                // Spring MVC asks for one event at a time; a page that falls 1,000 events behind loses the oldest
                .onBackpressureBuffer(1000, dropped -> { }, BufferOverflowStrategy.DROP_OLDEST)
                .map(m -> ServerSentEvent.builder(m).build());
    }

    static Map<String, Object> view(DanmakuEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", event.type());
        switch (event.type()) {
            case "DANMU_MSG" -> {
                DanmuMessage d = event.danmu();
                m.put("user", d.uname());
                m.put("guard", d.guardLevel());
                if (!d.medalName().isEmpty()) {
                    m.put("medal", Map.of("name", d.medalName(), "level", d.medalLevel()));
                }
                m.put("text", d.text());
                m.put("parts", parts(d));
                if (d.replyMid() != 0) {
                    m.put("replyTo", d.replyUname());
                }
            }
            case "SEND_GIFT" -> {
                var g = event.gift();
                m.put("user", g.uname());
                m.put("text", g.action() + " " + g.giftName() + " ×" + g.num());
                m.put("gift", g.giftName());
                m.put("num", g.num());
                // gold coins are 1/1000 yuan; silver gifts are free
                m.put("yuan", "gold".equals(g.coinType()) ? g.totalCoin() / 1000.0 : 0);
            }
            case "SUPER_CHAT_MESSAGE", "SUPER_CHAT_MESSAGE_JPN" -> {
                var sc = event.superChat();
                m.put("type", "SUPER_CHAT_MESSAGE");
                m.put("user", sc.uname());
                m.put("price", sc.price());
                m.put("text", sc.message());
                if (!sc.medalName().isEmpty()) {
                    m.put("medal", Map.of("name", sc.medalName(), "level", sc.medalLevel()));
                }
            }
            case "GUARD_BUY" -> {
                var g = event.guardBuy();
                m.put("user", g.username());
                m.put("text", "bought " + g.giftName() + " ×" + g.num());
            }
            case "INTERACT_WORD", "ENTRY_EFFECT" -> {
                var w = event.message().orElse(null);
                m.put("type", "ENTER");
                m.put("user", w instanceof io.github.bilibiliapi.live.danmaku.InteractWordMessage iw ? iw.uname()
                        : w instanceof io.github.bilibiliapi.live.danmaku.EntryEffectMessage ee ? ee.uname() : "");
                m.put("text", "entered the room");
            }
            case "WATCHED_CHANGE" -> {
                var w = (io.github.bilibiliapi.live.danmaku.WatchedChangeMessage) event.message().orElseThrow();
                m.put("watched", w.num());
                m.put("text", w.textLarge());
            }
            case "ONLINE_RANK_COUNT" -> {
                var o = (io.github.bilibiliapi.live.danmaku.OnlineRankCountMessage) event.message().orElseThrow();
                m.put("online", o.onlineCount() > 0 ? o.onlineCount() : o.count());
            }
            case "LOG_IN_NOTICE" -> m.put("text", event.logInNotice().noticeMsg());
            case DanmakuEvent.VIEW -> m.put("popularity", event.popularity());
            case DanmakuEvent.RECONNECTING -> m.put("text", event.raw().path("reason").asString(""));
            default -> m.put("text", "");
        }
        return m;
    }

    /** The danmaku's text cut into plain text and emoticon images, in order (a sticker is one image). */
    static List<Map<String, Object>> parts(DanmuMessage d) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (d.sticker() != null) {
            out.add(image(d.sticker()));
            return out;
        }
        String text = d.text();
        int i = 0;
        int plain = 0;
        while (i < text.length()) {
            Emoticon hit = null;
            for (Emoticon e : d.emoticons()) {
                if (!e.keyword().isEmpty() && text.startsWith(e.keyword(), i)
                        && (hit == null || e.keyword().length() > hit.keyword().length())) {
                    hit = e;
                }
            }
            if (hit == null) {
                i++;
                continue;
            }
            if (plain < i) {
                out.add(Map.of("text", text.substring(plain, i)));
            }
            out.add(image(hit));
            i += hit.keyword().length();
            plain = i;
        }
        if (plain < text.length()) {
            out.add(Map.of("text", text.substring(plain)));
        }
        return out;
    }

    private static Map<String, Object> image(Emoticon e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("emoticon", e.keyword());
        // bilibili sends some image URLs as http:; the page may be https
        m.put("url", e.url().startsWith("http://") ? "https://" + e.url().substring(7) : e.url());
        m.put("width", e.width());
        m.put("height", e.height());
        return m;
    }
}
