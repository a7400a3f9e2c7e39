package io.github.bilibiliapi.sample.web;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.live.danmaku.DanmakuEvent;
import io.github.bilibiliapi.live.danmaku.LiveDanmaku;
import io.github.bilibiliapi.live.LiveService;
import io.github.bilibiliapi.live.SentDanmaku;
import java.io.IOException;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Streams a live room's danmaku to the browser as server-sent events: one {@link LiveDanmaku} connection per open
 * page, disconnected when the page goes away.
 */
@RestController
class DanmakuController {

    private static final Logger LOG = LoggerFactory.getLogger(DanmakuController.class);

    private final BiliContext context;
    private final LiveService live;

    DanmakuController(BiliContext context, LiveService live) {
        this.context = context;
        this.live = live;
    }

    /** Sends a danmaku as the configured account (split at the length limit, paced per room). */
    @PostMapping(path = "/api/live/{roomId}/danmaku")
    List<String> send(@PathVariable long roomId, @RequestParam String text) {
        return live.sendDanmaku(roomId, text).join().stream().map(SentDanmaku::text).toList();
    }

    /** Opens the stream; each event's JSON carries its type ({@code DANMU_MSG}, {@code SEND_GIFT}, ...). */
    @GetMapping(path = "/api/live/{roomId}/danmaku", produces = "text/event-stream")
    SseEmitter danmaku(@PathVariable long roomId) {
        SseEmitter emitter = new SseEmitter(0L); // no timeout: the stream lives as long as the page
        LiveDanmaku room = LiveDanmaku.builder(context, roomId).build();
        room.onAny(event -> {
            try {
                emitter.send(SseEmitter.event().data(view(event)));
            } catch (IOException | IllegalStateException e) {
                // the browser went away: stop listening
                room.disconnect();
            }
        });
        Runnable stop = room::disconnect;
        emitter.onCompletion(stop);
        emitter.onTimeout(stop);
        emitter.onError(e -> stop.run());
        room.connect().whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warn("Cannot connect to live room {}: {}", roomId, error.toString());
                emitter.completeWithError(error);
            }
        });
        return emitter;
    }

    static Map<String, Object> view(DanmakuEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", event.type());
        switch (event.type()) {
            case "DANMU_MSG" -> {
                var d = event.danmu();
                m.put("user", d.uname());
                m.put("text", d.text());
                if (!d.medalName().isEmpty()) {
                    m.put("medal", d.medalName() + " " + d.medalLevel());
                }
            }
            case "SEND_GIFT" -> {
                var g = event.gift();
                m.put("user", g.uname());
                m.put("text", g.action() + " " + g.giftName() + " ×" + g.num());
            }
            case "SUPER_CHAT_MESSAGE" -> {
                var sc = event.superChat();
                m.put("user", sc.uname());
                m.put("text", "¥" + sc.price() + " " + sc.message());
            }
            case "INTERACT_WORD" -> {
                var w = event.interactWord();
                m.put("user", w.uname());
                m.put("text", "entered the room");
            }
            case "GUARD_BUY" -> {
                var g = event.guardBuy();
                m.put("user", g.username());
                m.put("text", "bought " + g.giftName());
            }
            case DanmakuEvent.VIEW -> m.put("text", "popularity " + event.popularity());
            default -> m.put("text", event.error() != null ? event.error().getMessage() : "");
        }
        return m;
    }
}
