package io.github.bilibiliapi.test.live;

import io.github.bilibiliapi.test.RouteRegistry;
import io.github.bilibiliapi.test.RouteRequest;
import io.github.bilibiliapi.test.bilibili.Account;
import io.github.bilibiliapi.test.bilibili.FakeBilibiliState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /msg/send} (api.live.bilibili.com): sending a live danmaku, checked like the site does — login
 * ({@code SESSDATA}, else -101), {@code csrf} equal to the {@code bili_jct} cookie (else -111), the required form
 * fields {@code roomid}, {@code msg}, {@code rnd}, {@code fontsize}, {@code color} (else -400), a real room id, the
 * account's length limit (else 1003212), a minimum interval between two messages of one account in one room (else
 * 10031 "您发送弹幕的频率过快"), and muted accounts. A success answers the fixture's example with the content and
 * colour echoed, and the message is pushed as a {@code DANMU_MSG} to the room's sessions.
 *
 * <p>Not documented, produced by the fake (see fixture {@code live_send_danmaku}): the error bodies (only their codes
 * and texts are known) and the muted answer, which follows the legacy pattern the fixture records for refusals — code
 * 0 with a non-empty {@code message} ({@link #MUTED_MESSAGE}).
 */
final class LiveSendRoutes {

    /** Path of the endpoint. */
    static final String SEND = "/msg/send";
    /** The text of the fake's muted answer (code 0 with a message, like bilibili's legacy refusals). */
    static final String MUTED_MESSAGE = "你被禁言啦";

    private final LiveModule live;
    private final FakeBilibiliState state;
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<SentDanmaku> sent = new CopyOnWriteArrayList<>();
    private final Map<String, Long> lastSend = new ConcurrentHashMap<>();
    private final Set<Long> muted = ConcurrentHashMap.newKeySet();
    private final Map<Long, Integer> lengthLimits = new ConcurrentHashMap<>();
    private volatile Duration minInterval = Duration.ofMillis(1000);
    private volatile int defaultLengthLimit = 20;

    LiveSendRoutes(LiveModule live, FakeBilibiliState state) {
        this.live = live;
        this.state = state;
    }

    void register(RouteRegistry routes) {
        routes.post(SEND, this::send);
    }

    List<SentDanmaku> sent() {
        return List.copyOf(sent);
    }

    void setMinInterval(Duration d) {
        this.minInterval = d;
    }

    void setLengthLimit(long mid, int limit) {
        lengthLimits.put(mid, limit);
    }

    void setDefaultLengthLimit(int limit) {
        this.defaultLengthLimit = limit;
    }

    void mute(long mid, boolean on) {
        if (on) {
            muted.add(mid);
        } else {
            muted.remove(mid);
        }
    }

    private Publisher<Void> send(RouteRequest req, HttpServerResponse res) {
        return req.form().flatMap(form -> Mono.from(answer(req, res, form)));
    }

    private Publisher<Void> answer(RouteRequest req, HttpServerResponse res, Map<String, List<String>> form) {
        Optional<Account> account = state == null ? Optional.empty()
                : state.accountForSessdata(req.cookies().get("SESSDATA"));
        if (account.isEmpty()) {
            return error(res, -101, "账号未登录");
        }
        String csrf = first(form, "csrf");
        if (csrf == null || !csrf.equals(req.cookies().get("bili_jct")) || !csrf.equals(account.get().biliJct())) {
            return error(res, -111, "csrf 校验失败");
        }
        for (String name : List.of("roomid", "msg", "rnd", "fontsize", "color")) {
            String v = first(form, name);
            if (v == null || v.isEmpty()) {
                return error(res, -400, "请求错误: " + name);
            }
        }
        long roomId;
        try {
            roomId = Long.parseLong(first(form, "roomid"));
            Long.parseLong(first(form, "rnd"));
            Integer.parseInt(first(form, "fontsize"));
            Integer.parseInt(first(form, "color"));
        } catch (NumberFormatException e) {
            return error(res, -400, "请求错误: not a number");
        }
        if (!live.isRealRoom(roomId)) {
            return error(res, -400, "请求错误: roomid");
        }
        long mid = account.get().mid();
        String msg = first(form, "msg");
        if (muted.contains(mid)) {
            ObjectNode body = json.createObjectNode().put("code", 0).put("message", MUTED_MESSAGE)
                    .put("msg", MUTED_MESSAGE);
            body.putArray("data");
            return write(res, body);
        }
        int limit = lengthLimits.getOrDefault(mid, defaultLengthLimit);
        if (msg.codePointCount(0, msg.length()) > limit) {
            return error(res, 1003212, "超出限制长度");
        }
        long now = System.nanoTime();
        String key = mid + "/" + roomId;
        synchronized (lastSend) {
            Long last = lastSend.get(key);
            if (last != null && now - last < minInterval.toNanos()) {
                return error(res, 10031, "您发送弹幕的频率过快");
            }
            lastSend.put(key, now);
        }
        int color = Integer.parseInt(first(form, "color"));
        Map<String, String> flat = new java.util.LinkedHashMap<>();
        form.forEach((k, v) -> flat.put(k, v.isEmpty() ? "" : v.get(0)));
        flat.remove("csrf");
        flat.remove("csrf_token");
        sent.add(new SentDanmaku(roomId, mid, msg, Map.copyOf(flat), now));
        live.pushDanmaku(roomId, mid, msg, color);
        return write(res, success(mid, msg, color, Integer.parseInt(first(form, "fontsize"))));
    }

    private ObjectNode success(long mid, String msg, int color, int fontSize) {
        // the fixture's example answer, with this message's content, colour and sender
        ObjectNode extra = json.createObjectNode().put("send_from_me", true).put("mode", 0).put("color", color)
                .put("dm_type", 0).put("font_size", fontSize).put("content", msg)
                .put("id_str", Long.toHexString(System.nanoTime())).put("reply_mid", 0).put("reply_uname", "");
        ObjectNode body = json.createObjectNode().put("code", 0).put("message", "").put("msg", "");
        ObjectNode modeInfo = body.putObject("data").putObject("mode_info");
        modeInfo.put("mode", 0).put("show_player_type", 0).put("extra", extra.toString());
        modeInfo.putObject("user").put("uid", mid).putObject("base").put("name", "fake" + mid);
        ((ObjectNode) body.get("data")).putNull("dm_v2");
        return body;
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> v = form.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private Publisher<Void> error(HttpServerResponse res, int code, String message) {
        ObjectNode body = json.createObjectNode().put("code", code).put("message", message).put("msg", message)
                .put("ttl", 1);
        body.putArray("data");
        return write(res, body).then();
    }

    private static Mono<Void> write(HttpServerResponse res, ObjectNode body) {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        return res.status(200).header("Content-Type", "application/json; charset=utf-8")
                .header("Content-Length", Integer.toString(bytes.length))
                .sendByteArray(Mono.just(bytes)).then();
    }
}
