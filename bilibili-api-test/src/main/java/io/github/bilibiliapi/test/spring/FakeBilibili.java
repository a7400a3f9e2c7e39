package io.github.bilibiliapi.test.spring;

import io.github.bilibiliapi.test.Fault;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.RecordedRequest;
import io.github.bilibiliapi.test.bilibili.Account;
import io.github.bilibiliapi.test.bilibili.BilibiliModule;
import io.github.bilibiliapi.test.bilibili.FakeBilibiliState;
import io.github.bilibiliapi.test.live.LiveModule;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fake bilibili of a test's application context ({@link AutoConfigureFakeBilibili}), with the scripting a test of
 * an application needs: answers, bilibili's failures (risk control -352, the edge's HTTP 412, slow answers, any error
 * code), missing users and videos, and live danmaku pushed to the connected rooms. Paths are the bilibili paths the
 * library calls (for example {@code /x/web-interface/view}); the host does not matter, every bilibili host is
 * redirected to the fake. Scripts and counters are cleared after each test method.
 *
 * <p>Everything else the fake offers is reachable through {@link #server()}, {@link #state()} and {@link #live()}.
 */
public final class FakeBilibili {

    /** Path of the video endpoint ({@code api.bilibili.com}). */
    public static final String VIDEO_VIEW = "/x/web-interface/view";

    /** Path of the user profile endpoint ({@code api.bilibili.com}, WBI-signed). */
    public static final String USER_INFO = "/x/space/wbi/acc/info";

    /** Path of the live room resolution endpoint ({@code api.live.bilibili.com}). */
    public static final String LIVE_ROOM_INIT = LiveModule.ROOM_INIT;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FakeBilibiliServer server;

    FakeBilibili(FakeBilibiliServer server) {
        this.server = Objects.requireNonNull(server, "server");
    }

    /**
     * Returns the base URL the application's requests are redirected to.
     *
     * @return {@code http://127.0.0.1:port}
     */
    public String baseUrl() {
        return server.httpBaseUrl();
    }

    /**
     * Returns the account the fake treats as logged in ({@code loggedIn = true} logs the application in with it).
     *
     * @return the test account (its {@code toString} masks the secrets)
     */
    public Account account() {
        return new Account(FakeBilibiliState.DEFAULT_SESSDATA, FakeBilibiliState.DEFAULT_BILI_JCT,
                FakeBilibiliState.DEFAULT_MID);
    }

    /**
     * Answers the next request to {@code path} with this JSON body (HTTP 200) instead of the fake's own answer.
     *
     * @param path a bilibili path, e.g. {@link #VIDEO_VIEW}
     * @param json the whole body, e.g. {@code {"code":0,"message":"0","data":{...}}}
     * @return this
     */
    public FakeBilibili answerNext(String path, String json) {
        server.script(checkPath(path), Fault.respond(200, "application/json; charset=utf-8",
                Objects.requireNonNull(json, "json")));
        return this;
    }

    /**
     * Answers the next {@code times} requests to {@code path} with bilibili's error {@code code} (HTTP 200, the way
     * bilibili reports errors).
     *
     * @param path    a bilibili path
     * @param code    the error code, e.g. -404, -799, 62002
     * @param message bilibili's message
     * @param times   how many requests, at least 1
     * @return this
     */
    public FakeBilibili failWithCode(String path, int code, String message, int times) {
        ObjectNode body = JSON.createObjectNode().put("code", code).put("message", message).put("ttl", 1);
        server.script(checkPath(path), Fault.respond(200, "application/json; charset=utf-8", body.toString()),
                checkTimes(times));
        return this;
    }

    /**
     * Answers the next {@code times} requests to {@code path} with risk control -352 ("风控校验失败", with a
     * {@code v_voucher}), as bilibili does to a client it suspects. On a WBI-signed endpoint the library refreshes its
     * keys and retries a -352 up to {@code bilibili.request.wbi-retry-times} times, so script more than that many to
     * see the failure reach the application.
     *
     * @param path  a bilibili path
     * @param times how many requests, at least 1
     * @return this
     */
    public FakeBilibili riskControl(String path, int times) {
        ObjectNode body = JSON.createObjectNode().put("code", -352).put("message", "风控校验失败").put("ttl", 1);
        body.putObject("data").put("v_voucher", "voucher_00000000-0000-0000-0000-000000000000");
        server.script(checkPath(path), Fault.respond(200, "application/json; charset=utf-8", body.toString()),
                checkTimes(times));
        return this;
    }

    /**
     * Answers the next request to {@code path} with HTTP 412 and an HTML page, as bilibili's edge does when it blocks
     * a request.
     *
     * @param path a bilibili path
     * @return this
     */
    public FakeBilibili blockNext(String path) {
        server.script(checkPath(path), Fault.html(412, "<html><head><title>412 Precondition Failed</title></head>"
                + "<body>由于触发哔哩哔哩安全风控策略，该次访问请求被拒绝。</body></html>"));
        return this;
    }

    /**
     * Holds the next request to {@code path} for {@code delay} before answering normally (use a delay longer than
     * {@code bilibili.request.timeout} to see a timeout).
     *
     * @param path  a bilibili path
     * @param delay how long to hold it
     * @return this
     */
    public FakeBilibili slowNext(String path, Duration delay) {
        server.script(checkPath(path), Fault.delay(delay));
        return this;
    }

    /**
     * Makes a user unknown: the profile endpoint answers -404 for it.
     *
     * @param mid the user id
     * @return this
     */
    public FakeBilibili missingUser(long mid) {
        state().addMissingMid(mid);
        return this;
    }

    /**
     * Makes a video unknown: the view endpoint answers -404 for it.
     *
     * @param aid the video's aid
     * @return this
     */
    public FakeBilibili missingVideo(long aid) {
        state().addMissingVideo(aid);
        return this;
    }

    /**
     * Pushes a danmaku (a {@code DANMU_MSG}) to every connected live room session.
     *
     * @param text  the message text
     * @param uid   the sender's id
     * @param uname the sender's name
     * @return how many sessions it was sent to
     */
    public int sendDanmaku(String text, long uid, String uname) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(uname, "uname");
        ObjectNode msg = (ObjectNode) JSON.readTree(live().fixtureMessages().get(
                LiveModule.FIXTURE_NAMES.indexOf("DANMU_MSG.json")));
        ArrayNode info = (ArrayNode) msg.get("info");
        info.set(1, JSON.getNodeFactory().stringNode(text));
        ArrayNode user = (ArrayNode) info.get(2);
        user.set(0, JSON.getNodeFactory().numberNode(uid));
        user.set(1, JSON.getNodeFactory().stringNode(uname));
        return sendLiveMessages(msg.toString());
    }

    /**
     * Pushes raw live messages (JSON with a {@code cmd}) to every connected live room session, in one frame.
     *
     * @param messages the messages' JSON
     * @return how many sessions they were sent to
     */
    public int sendLiveMessages(String... messages) {
        for (String m : messages) {
            JsonNode node = JSON.readTree(Objects.requireNonNull(m, "message"));
            if (!node.hasNonNull("cmd")) {
                throw new IllegalArgumentException("a live message needs a \"cmd\": " + m);
            }
        }
        return live().broadcastMessages(LiveModule.Compression.ZLIB, List.of(messages));
    }

    /**
     * Returns how many requests reached {@code path} since the last reset.
     *
     * @param path a bilibili path
     * @return the count
     */
    public long requestCount(String path) {
        return server.requestCount(checkPath(path));
    }

    /**
     * Returns the requests recently received at {@code path}, oldest first.
     *
     * @param path a bilibili path
     * @return the requests (headers and query as received)
     */
    public List<RecordedRequest> requests(String path) {
        return server.requests(checkPath(path));
    }

    /** Clears pending scripts and counters (done after every test method). */
    public void reset() {
        server.clearScripts();
        server.resetCounters();
    }

    /**
     * Returns the server, for everything not wrapped here (faults of {@link Fault}, HTTPS and WebSocket URLs).
     *
     * @return the running fake
     */
    public FakeBilibiliServer server() {
        return server;
    }

    /**
     * Returns the site's state: accounts, WBI keys, missing users and videos, activated buvids.
     *
     * @return the state
     */
    public FakeBilibiliState state() {
        return server.module(BilibiliModule.class).state();
    }

    /**
     * Returns the live module: rooms, danmaku sessions, broadcasts.
     *
     * @return the live module
     */
    public LiveModule live() {
        return server.module(LiveModule.class);
    }

    @Override
    public String toString() {
        return "FakeBilibili[" + baseUrl() + "]";
    }

    private static String checkPath(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/', got: " + path);
        }
        return path;
    }

    private static int checkTimes(int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, got " + times);
        }
        return times;
    }
}
