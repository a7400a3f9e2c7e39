package io.github.bilibiliapi.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.Credential;
import io.github.bilibiliapi.api.RequestSettings;
import io.github.bilibiliapi.api.Slf4jEventListener;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.dynamic.DynamicService;
import io.github.bilibiliapi.live.LiveService;
import io.github.bilibiliapi.live.danmaku.DanmakuEvent;
import io.github.bilibiliapi.live.danmaku.LiveDanmaku;
import io.github.bilibiliapi.login.CredentialRefresher;
import io.github.bilibiliapi.login.InMemoryCredentialStore;
import io.github.bilibiliapi.login.LoginService;
import io.github.bilibiliapi.login.QrLogin;
import io.github.bilibiliapi.login.QrLoginState;
import io.github.bilibiliapi.login.QrPoll;
import io.github.bilibiliapi.login.RefreshResult;
import io.github.bilibiliapi.test.bilibili.PassportModule;
import io.github.bilibiliapi.test.bilibili.PassportState;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.Fault;
import io.github.bilibiliapi.test.ForwardProxyServer;
import io.github.bilibiliapi.test.bilibili.BilibiliErrors;
import io.github.bilibiliapi.test.bilibili.BilibiliModule;
import io.github.bilibiliapi.test.bilibili.FakeBilibiliState;
import io.github.bilibiliapi.test.live.LiveModule;
import io.github.bilibiliapi.test.live.LiveModule.Compression;
import io.github.bilibiliapi.user.UserService;
import io.github.bilibiliapi.video.VideoService;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * Runs every code path — all three backends, Api calls that succeed and fail in every way, multipart upload, live
 * danmaku with reconnects and bad frames, raw client calls with cookies, a proxy with credentials — with a recognisable
 * SESSDATA, bili_jct and proxy password (and the QR login, cookie refresh and logout flows with the keys, cookies
 * and refresh tokens they produce), with every logger at DEBUG captured by a {@link ListAppender}; then asserts
 * that none of the values appears in any formatted log message, any logged throwable (causes included) or any
 * exception the calls produced. The test first proves the values really went over the wire (the fake saw them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsInLogsTest {

    static final String SESSDATA = "reliabsess0sessdata%2C1999999999%2Cc0ffee";
    static final String BILI_JCT = "reliabjct0c0ffee0c0ffee0c0ffee00";
    static final String PROXY_USER = "proxyuser";
    static final String PROXY_PASSWORD = "reliabproxypass0secret";
    /** Fragments searched for, case-insensitively: each identifies one secret in any encoding we send it. */
    static final List<String> FRAGMENTS = List.of("reliabsess0sessdata", "reliabjct0c0ffee", PROXY_PASSWORD);
    static final long MID = 777_000_777L;

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private Level previousLevel;
    private Logger root;

    @BeforeAll
    void captureEverything() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        previousLevel = root.getLevel();
        // the console appender would print megabytes at DEBUG; capture only
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            detached.add(it.next());
        }
        detached.forEach(root::detachAppender);
        captured.setContext(root.getLoggerContext());
        captured.start();
        root.addAppender(captured);
        root.setLevel(Level.DEBUG);
    }

    @AfterAll
    void restore() {
        root.detachAppender(captured);
        captured.stop();
        detached.forEach(root::addAppender);
        root.setLevel(previousLevel);
    }

    private <T> T attempt(Supplier<CompletableFuture<T>> call) {
        try {
            return call.get().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            failures.add(e.getCause());
            return null;
        } catch (Exception e) {
            failures.add(e);
            return null;
        }
    }

    @Test
    void noSecretInAnyLogLineExceptionOrEvent() throws Exception {
        Path image = Files.createTempFile("reliab", ".png");
        try (FakeBilibiliServer server = FakeBilibiliServer.start();
                ForwardProxyServer proxy = ForwardProxyServer.start().requireCredentials(PROXY_USER, PROXY_PASSWORD)) {
            ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "png", image.toFile());
            FakeBilibiliState state = server.module(BilibiliModule.class).state();
            state.addAccount(SESSDATA, BILI_JCT, MID);
            for (String backend : Reliability.BACKENDS) {
                driveEverything(backend, server, proxy, image);
            }
            // the secrets did go over the wire: the test is not vacuous
            assertThat(server.lastRequest("/x/space/wbi/acc/info").cookies()).containsEntry("SESSDATA", SESSDATA);
            assertThat(server.lastRequest("/x/dynamic/feed/draw/upload_bfs")).isNotNull();
            assertThat(proxy.forwardedCount()).isPositive();
            assertThat(server.lastRequest("/msg/send")).as("danmaku sent with the csrf").isNotNull();
            assertThat(server.requestCount("/x/passport-login/web/confirm/refresh")).isPositive();
            assertThat(LOGIN_SECRETS).hasSizeGreaterThan(30);
        } finally {
            Files.deleteIfExists(image);
        }

        List<ILoggingEvent> events = new ArrayList<>(captured.list);
        assertThat(events).as("captured log events").hasSizeGreaterThan(100);
        assertThat(events).as("DEBUG events were captured").anyMatch(e -> e.getLevel() == Level.DEBUG);
        assertThat(failures).as("failures produced").hasSizeGreaterThan(10);
        List<String> leaks = new ArrayList<>();
        int knownUriLines = 0;
        for (ILoggingEvent e : events) {
            String text = e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                    : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())) + " " + e.getMDCPropertyMap();
            if (knownUriLog(e, text)) {
                knownUriLines++;
                continue;
            }
            if (containsSecret(text)) {
                leaks.add(e.getLoggerName() + " " + e.getLevel() + ": " + text);
            }
        }
        // the one known exception, documented in docs/login.md: Reactor Netty at DEBUG logs every request URI, and
        // two login URLs carry secrets in their query by bilibili's design (poll's qrcode_key, crossDomain's cookies)
        System.out.printf("[reliability] secrets: %d Reactor Netty DEBUG lines with a login URL's query%n",
                knownUriLines);
        for (Throwable t : failures) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            if (containsSecret(trace.toString()) || containsSecret(String.valueOf(t))) {
                leaks.add("exception: " + trace);
            }
        }
        System.out.printf("[reliability] secrets: %d log events (DEBUG on every logger), %d exceptions scanned%n",
                events.size(), failures.size());
        assertThat(leaks).as("log lines or exceptions containing a secret").isEmpty();
    }

    /** A Reactor Netty DEBUG line naming a login URL's query (and no other secret). */
    static boolean knownUriLog(ILoggingEvent e, String text) {
        if (e.getLevel() != Level.DEBUG || !e.getLoggerName().startsWith("reactor.netty.http.client.")
                || !(text.contains("/qrcode/poll?qrcode_key=") || text.contains("/crossDomain?"))) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return FRAGMENTS.stream().noneMatch(f -> lower.contains(f.toLowerCase(Locale.ROOT)));
    }

    /** Secrets the login flows produced (QR keys, new cookies, refresh tokens), collected as they appear. */
    static final List<String> LOGIN_SECRETS = new CopyOnWriteArrayList<>();

    static boolean containsSecret(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return FRAGMENTS.stream().anyMatch(f -> lower.contains(f.toLowerCase(Locale.ROOT)))
                || LOGIN_SECRETS.stream().anyMatch(f -> lower.contains(f.toLowerCase(Locale.ROOT)));
    }

    /**
     * QR login (all three ways the cookies arrive), a cookie refresh, a rejected refresh, a failed one, and a logout,
     * collecting every secret they handle.
     */
    private void driveLogin(BiliApiClient client, FakeBilibiliServer server) {
        PassportState passport = server.module(PassportModule.class).passport();
        InMemoryCredentialStore store = new InMemoryCredentialStore();
        BiliContext context = BiliContext.builder().client(client).credentials(store)
                .settings(RequestSettings.builder().redirectTo(server.httpBaseUrl()).build())
                .listener(new Slf4jEventListener()).build();
        LoginService login = LoginService.builder(context).store(store).pollInterval(Duration.ofMillis(10)).build();
        for (PassportState.CookieDelivery delivery : PassportState.CookieDelivery.values()) {
            passport.setCookieDelivery(delivery);
            QrLogin qr = attempt(login::startQrLogin);
            LOGIN_SECRETS.add(qr.qrcodeKey());
            attempt(qr::poll);
            passport.scan(qr.qrcodeKey());
            attempt(qr::poll);
            passport.confirm(qr.qrcodeKey(), MID);
            QrPoll done = attempt(() -> qr.await(Duration.ofSeconds(20)));
            assertThat(done.state()).isEqualTo(QrLoginState.CONFIRMED);
            addSecrets(done.credential());
            assertThat(done.toString()).satisfies(t -> assertThat(containsSecret(t)).isFalse());
        }
        CredentialRefresher refresher = CredentialRefresher.builder(context, store)
                .publicKeyPem(passport.publicKeyPem()).build();
        Credential before = store.credential();
        RefreshResult refreshed = attempt(refresher::refresh);
        assertThat(refreshed.confirmed()).isTrue();
        addSecrets(refreshed.credential());
        assertThat(containsSecret(refreshed.toString())).isFalse();
        // rejected (the spent token), broken mid-way, and at the correspond page
        store.save(refreshed.credential().toBuilder().refreshToken(before.refreshToken()).build());
        attempt(refresher::refresh);
        store.save(refreshed.credential());
        server.script("/x/passport-login/web/cookie/refresh", Fault.resetMidBody(10_000, 100));
        attempt(refresher::refresh);
        attempt(() -> CredentialRefresher.builder(context, store).build().refresh());
        addSecrets(store.credential());
        attempt(login::logout);
        attempt(() -> login.logout(refreshed.credential()));
    }

    private static void addSecrets(Credential c) {
        for (String v : new String[] {c.sessdata(), c.biliJct(), c.refreshToken(), c.sid(), c.dedeuseridCkMd5()}) {
            if (v != null && v.length() >= 8) {
                LOGIN_SECRETS.add(v.contains("%") ? v.substring(0, v.indexOf('%')) : v);
            }
        }
    }

    private void driveEverything(String backend, FakeBilibiliServer server, ForwardProxyServer proxy, Path image)
            throws Exception {
        Credential credential = Credential.builder().sessdata(SESSDATA).biliJct(BILI_JCT)
                .dedeuserid(Long.toString(MID)).build();
        assertThat(credential.toString()).satisfies(s -> assertThat(containsSecret(s)).isFalse());
        try (BiliApiClient client = Reliability.newClient(backend,
                ClientSettings.DEFAULTS.withTimeout(Duration.ofSeconds(2)))) {
            BiliContext context = BiliContext.builder().client(client).credential(credential)
                    .settings(RequestSettings.builder().redirectTo(server.httpBaseUrl()).enableBiliTicket(true)
                            .build())
                    .listener(new Slf4jEventListener()).build();
            UserService users = new UserService(context);
            // successes
            assertThat(attempt(() -> users.getUserInfo(2))).isNotNull();
            attempt(() -> new VideoService(context).getVideoInfo("BV1xx411c7mD"));
            assertThat(attempt(() -> new DynamicService(context).uploadImage(image))).isNotNull();
            // every kind of failure, with the credential's cookies on the request
            String acc = "/x/space/wbi/acc/info";
            for (Fault fault : List.of(BilibiliErrors.fault(-412), BilibiliErrors.fault(-101),
                    BilibiliErrors.fault(-352), BilibiliErrors.fault(-509), Fault.resetMidBody(10_000, 100),
                    Fault.closeWithoutResponse(), Fault.noResponse(),
                    Fault.respond(200, "application/json", "{\"code\":0,\"data\":"), Fault.respond(503))) {
                server.scriptAlways(acc, fault);
                attempt(() -> users.getUserInfo(3));
                server.clearScripts();
            }
            server.script("/x/dynamic/feed/draw/upload_bfs", BilibiliErrors.fault(-111));
            attempt(() -> new DynamicService(context).uploadImage(image));
            attempt(() -> context.execute(Api.post("https://api.bilibili.com/x/v2/nowhere").data("a", 1).build()));
            // raw client calls with the cookies, failing at connect and at the WebSocket handshake
            int refused;
            try (ServerSocket s = new ServerSocket(0)) {
                refused = s.getLocalPort();
            }
            attempt(() -> client.request(BiliApiRequest.get("http://127.0.0.1:" + refused + "/x?SESSDATA=" + SESSDATA)
                    .cookies(Map.of("SESSDATA", SESSDATA, "bili_jct", BILI_JCT)).build()));
            attempt(() -> client.wsCreate(server.wsBaseUrl() + "/nowhere", Map.of("room", "1"), Map.of(),
                    Map.of("SESSDATA", SESSDATA)));
            driveLogin(client, server);
            // live danmaku: auth, messages, a bad frame, a drop and reconnect, a clean stop
            List<DanmakuEvent> danmakuEvents = new CopyOnWriteArrayList<>();
            LiveDanmaku danmaku = LiveDanmaku.builder(context, LiveModule.DEFAULT_SHORT_ID)
                    .heartbeatInterval(Duration.ofMillis(200)).reconnectBackoff(Duration.ofMillis(10),
                            Duration.ofMillis(50)).build();
            danmaku.onAny(danmakuEvents::add);
            attempt(danmaku::connect);
            LiveModule live = server.module(LiveModule.class);
            live.broadcastMessages(Compression.ZLIB, List.of("{\"cmd\":\"DANMU_MSG\",\"info\":[]}"));
            live.broadcast(new byte[] {0x7f, 1, 2});
            live.dropAll();
            await().atMost(Duration.ofSeconds(20)).until(() -> danmakuEvents.stream()
                    .filter(e -> e.type().equals(DanmakuEvent.VERIFICATION_SUCCESSFUL)).count() >= 2);
            danmaku.disconnect().get(20, TimeUnit.SECONDS);
            // sending danmaku (bili_jct as csrf in the body): accepted, too fast (10031), muted, wrong csrf (-111)
            LiveService sender = new LiveService(context, Duration.ZERO);
            attempt(() -> sender.sendDanmaku(LiveModule.DEFAULT_SHORT_ID, "secret-scan"));
            attempt(() -> sender.sendDanmaku(LiveModule.DEFAULT_SHORT_ID, "too fast"));
            live.setMuted(MID, true);
            attempt(() -> sender.sendDanmaku(LiveModule.DEFAULT_SHORT_ID, "muted"));
            live.setMuted(MID, false);
            server.script("/msg/send", BilibiliErrors.fault(-111));
            attempt(() -> sender.sendDanmaku(LiveModule.DEFAULT_SHORT_ID, "bad csrf"));
            server.clearScripts();
            // a proxy with credentials: used, refused with a wrong password, and unreachable
            client.setProxy("http://" + PROXY_USER + ":" + PROXY_PASSWORD + "@127.0.0.1:" + proxy.port());
            assertThat(containsSecret(client.settings().toString())).isFalse();
            assertThat(attempt(() -> client.request(BiliApiRequest.get(server.httpBaseUrl() + "/test/json")
                    .build()))).isNotNull();
            client.setProxy("http://" + PROXY_USER + ":wrong" + PROXY_PASSWORD + "@127.0.0.1:" + proxy.port());
            attempt(() -> client.request(BiliApiRequest.get(server.httpBaseUrl() + "/test/json").build()));
            attempt(() -> client.request(BiliApiRequest.get(server.httpsBaseUrl() + "/test/json").build()));
            attempt(() -> client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of(), Map.of()));
            client.setProxy("http://" + PROXY_USER + ":" + PROXY_PASSWORD + "@127.0.0.1:" + refused);
            attempt(() -> client.request(BiliApiRequest.get(server.httpBaseUrl() + "/test/json").build()));
            try {
                client.setProxy("http://" + PROXY_USER + ":" + PROXY_PASSWORD + "@bad host:1");
            } catch (IllegalArgumentException e) {
                failures.add(e);
            }
        }
    }
}
