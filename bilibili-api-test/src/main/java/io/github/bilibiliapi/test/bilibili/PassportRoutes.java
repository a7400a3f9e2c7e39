package io.github.bilibiliapi.test.bilibili;

import io.github.bilibiliapi.test.bilibili.FakeExchange.Request;
import io.github.bilibiliapi.test.bilibili.FakeExchange.Response;
import io.github.bilibiliapi.test.bilibili.PassportState.CookieDelivery;
import io.github.bilibiliapi.test.bilibili.PassportState.Login;
import io.github.bilibiliapi.test.bilibili.PassportState.Qr;
import io.github.bilibiliapi.test.bilibili.PassportState.QrState;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.spec.MGF1ParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * The passport routes of the fake (QR login, cookie refresh, logout), as request → response logic. Written from the
 * endpoint documentation, sharing nothing with the library: its own OAEP decryption, cookie and form parsing.
 *
 * <p>Answers the documentation gives no example for are produced here and marked so: the unknown-key poll (86038),
 * the 86095 and 2202 bodies (message texts from the documented code tables), the 404 page of a bad correspondPath.
 */
final class PassportRoutes {

    static final String QR_GENERATE = "/x/passport-login/web/qrcode/generate";
    static final String QR_POLL = "/x/passport-login/web/qrcode/poll";
    static final String CROSS_DOMAIN = "/crossDomain";
    static final String COOKIE_INFO = "/x/passport-login/web/cookie/info";
    static final String CORRESPOND_PREFIX = "/correspond/1/";
    static final String CORRESPOND = CORRESPOND_PREFIX + "{path}";
    static final String COOKIE_REFRESH = "/x/passport-login/web/cookie/refresh";
    static final String CONFIRM_REFRESH = "/x/passport-login/web/confirm/refresh";
    static final String LOGOUT = "/login/exit/v2";

    /** Every path this module answers ({@link #CORRESPOND} is a template). */
    static final List<String> PATHS = List.of(QR_GENERATE, QR_POLL, CROSS_DOMAIN, COOKIE_INFO, CORRESPOND,
            COOKIE_REFRESH, CONFIRM_REFRESH, LOGOUT);

    private static final Pattern HEX256 = Pattern.compile("[0-9a-f]{256}");
    private static final Pattern PLAINTEXT = Pattern.compile("refresh_([0-9]{1,15})");
    private static final DateTimeFormatter COOKIE_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String NOT_FOUND_PAGE = "<!DOCTYPE html><html><head><title>出错啦! - bilibili.com</title>"
            + "</head><body><div class=\"error-text\">404</div></body></html>";
    private static final String LOGIN_PAGE = "<!DOCTYPE html><html><head><title>哔哩哔哩弹幕视频网 - 登录</title>"
            + "</head><body><div id=\"login-app\"></div></body></html>";

    private final PassportState passport;

    PassportRoutes(PassportState passport) {
        this.passport = passport;
    }

    Response handle(Request request) {
        String path = request.path();
        if (path.startsWith(CORRESPOND_PREFIX)) {
            return only(request, "GET", () -> correspond(request));
        }
        return switch (path) {
            case QR_GENERATE -> only(request, "GET", this::generate);
            case QR_POLL -> only(request, "GET", () -> poll(request));
            case CROSS_DOMAIN -> only(request, "GET", () -> crossDomain(request));
            case COOKIE_INFO -> only(request, "GET", () -> cookieInfo(request));
            case COOKIE_REFRESH -> only(request, "POST", () -> cookieRefresh(request));
            case CONFIRM_REFRESH -> only(request, "POST", () -> confirmRefresh(request));
            case LOGOUT -> only(request, "POST", () -> logout(request));
            default -> null;
        };
    }

    private interface Route {
        Response answer();
    }

    private static Response only(Request request, String method, Route route) {
        if (!method.equals(request.method())) {
            return json("{\"code\":-405,\"message\":\"请求方法不支持\",\"ttl\":1}");
        }
        return route.answer();
    }

    // ------------------------------------------------------------------ QR login

    private Response generate() {
        Qr qr = passport.newQr();
        ObjectNode body = ok();
        ObjectNode data = body.putObject("data");
        data.put("url", "https://passport.bilibili.com/h5-app/passport/login/scan?navhide=1&qrcode_key=" + qr.key
                + "&from=");
        data.put("qrcode_key", qr.key);
        return Response.json(Fixtures.write(body));
    }

    private Response poll(Request request) {
        String key = QueryString.first(QueryString.parse(request.rawQuery()), "qrcode_key");
        if (key == null || key.isEmpty()) {
            return Response.json(Fixtures.bytes("errors/code-400_bad_request.json"))
                    .withHeader("X-Fake-Reason", "qrcode_key missing");
        }
        Qr qr = passport.qr(key);
        // an unknown or used-up key: the documentation has no answer for it; the fake says "expired"
        if (qr == null || qr.state == QrState.CONSUMED || passport.isExpired(qr)) {
            return pollState(86038, "二维码已失效");
        }
        return switch (qr.state) {
            case NOT_SCANNED -> pollState(86101, "未扫码");
            case SCANNED -> pollState(86090, "二维码已扫码未确认");
            default -> pollSuccess(qr);
        };
    }

    private static Response pollState(int code, String message) {
        ObjectNode body = ok();
        ObjectNode data = body.putObject("data");
        data.put("url", "");
        data.put("refresh_token", "");
        data.put("timestamp", 0);
        data.put("code", code);
        data.put("message", message);
        return Response.json(Fixtures.write(body));
    }

    private Response pollSuccess(Qr qr) {
        Login login = passport.complete(qr);
        long nowMillis = passport.bilibili().nowMillis();
        long expires = nowMillis / 1000 + 180L * 24 * 3600;
        ObjectNode body = ok();
        ObjectNode data = body.putObject("data");
        data.put("url", "https://passport.biligame.com/crossDomain?DedeUserID=" + login.mid() + "&DedeUserID__ckMd5="
                + login.ckMd5() + "&Expires=" + expires + "&SESSDATA=" + login.sessdata() + "&bili_jct="
                + login.biliJct() + "&gourl=https%3A%2F%2Fpassport.bilibili.com");
        data.put("refresh_token", login.refreshToken());
        data.put("timestamp", nowMillis);
        data.put("code", 0);
        data.put("message", "");
        Response response = Response.json(Fixtures.write(body));
        if (passport.cookieDelivery() == CookieDelivery.SET_COOKIE) {
            response = withLoginCookies(response, login, "bilibili.com", expires);
        }
        return response;
    }

    /** The biligame.com page that sets the login cookies for its domain and redirects to {@code gourl}. */
    private Response crossDomain(Request request) {
        passport.countCrossDomain();
        // cookie values as they are in the URL: the login cookies are already percent-encoded cookie values
        Map<String, String> query = rawQuery(request.rawQuery());
        String gourl = QueryString.decode(query.getOrDefault("gourl", "https%3A%2F%2Fwww.bilibili.com"));
        Response redirect = new Response(302, List.of(Map.entry("Location", gourl),
                Map.entry("Content-Type", "text/html; charset=utf-8")), new byte[0]);
        Login login = passport.loginFor(query.get("SESSDATA"));
        if (login == null || !login.biliJct().equals(query.get("bili_jct"))) {
            return redirect.withHeader("X-Fake-Reason", "SESSDATA/bili_jct in the query are not a live login");
        }
        if (passport.cookieDelivery() == CookieDelivery.URL_ONLY) {
            return redirect.withHeader("X-Fake-Reason", "scripted: URL_ONLY sets no cookies");
        }
        long expires = passport.bilibili().nowSeconds() + 180L * 24 * 3600;
        return withLoginCookies(redirect, login, "biligame.com", expires);
    }

    private static Response withLoginCookies(Response response, Login login, String domain, long expiresEpoch) {
        String attrs = "; Path=/; Domain=" + domain + "; Expires="
                + COOKIE_DATE.format(Instant.ofEpochSecond(expiresEpoch));
        return response.withHeader("Set-Cookie", "SESSDATA=" + login.sessdata() + attrs + "; HttpOnly; Secure")
                .withHeader("Set-Cookie", "bili_jct=" + login.biliJct() + attrs)
                .withHeader("Set-Cookie", "DedeUserID=" + login.mid() + attrs)
                .withHeader("Set-Cookie", "DedeUserID__ckMd5=" + login.ckMd5() + attrs)
                .withHeader("Set-Cookie", "sid=" + login.sid() + attrs);
    }

    // ------------------------------------------------------------------ cookie refresh

    private Response cookieInfo(Request request) {
        if (!passport.isLoggedIn(request.cookie("SESSDATA"))) {
            return notLoggedIn();
        }
        ObjectNode body = ok();
        ObjectNode data = body.putObject("data");
        data.put("refresh", passport.refreshNeeded());
        data.put("timestamp", passport.bilibili().nowMillis());
        return Response.json(Fixtures.write(body));
    }

    private Response correspond(Request request) {
        String sessdata = request.cookie("SESSDATA");
        String hex = request.path().substring(CORRESPOND_PREFIX.length());
        // what the real site does without a login is not documented; the fake answers the same 404 page
        if (!passport.isLoggedIn(sessdata)) {
            return notFound("not logged in");
        }
        if (!HEX256.matcher(hex).matches()) {
            return notFound("correspondPath is not 256 lower-case hex characters");
        }
        String plaintext;
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.DECRYPT_MODE, passport.privateKey(), new OAEPParameterSpec("SHA-256", "MGF1",
                    MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
            plaintext = new String(rsa.doFinal(HexFormat.of().parseHex(hex)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            return notFound("correspondPath does not decrypt with RSA-OAEP(SHA-256, MGF1-SHA-256) and our key");
        }
        var m = PLAINTEXT.matcher(plaintext);
        if (!m.matches()) {
            return notFound("plaintext is not refresh_<ms>");
        }
        long ts = Long.parseLong(m.group(1));
        if (Math.abs(passport.bilibili().nowMillis() - ts) > passport.correspondWindow().toMillis()) {
            return notFound("timestamp outside the window");
        }
        String refreshCsrf = Crypto.randomHex(16);
        passport.issueRefreshCsrf(sessdata, refreshCsrf);
        String page = new String(Fixtures.bytes("passport/correspond.html"), StandardCharsets.UTF_8)
                .replace("b0cc8411ded2f9db2cff2edb3123acac", refreshCsrf);
        return Response.text(200, "text/html; charset=utf-8", page);
    }

    private Response cookieRefresh(Request request) {
        String sessdata = request.cookie("SESSDATA");
        if (!passport.isLoggedIn(sessdata)) {
            return notLoggedIn();
        }
        Map<String, String> form = form(request);
        if (form.get("csrf") == null || !form.get("csrf").equals(request.cookie("bili_jct"))) {
            return csrfFailed();
        }
        Login login = passport.loginFor(sessdata);
        String token = form.get("refresh_token");
        boolean tokenOk = login != null && token != null && Crypto.equalsConstantTime(login.refreshToken(), token);
        // consumed even when the token is wrong: a refresh_csrf is good for one attempt
        boolean csrfOk = passport.consumeRefreshCsrf(sessdata, form.get("refresh_csrf"));
        if (!"main_web".equals(form.get("source"))) {
            return Response.json(Fixtures.bytes("errors/code-400_bad_request.json"))
                    .withHeader("X-Fake-Reason", "source is not main_web");
        }
        if (!tokenOk || !csrfOk) {
            // body produced by the fake: the documentation lists the code without an example answer
            return json("{\"code\":86095,\"message\":\"refresh_csrf 错误或 refresh_token 与 cookie 不匹配\",\"ttl\":1}")
                    .withHeader("X-Fake-Reason", !tokenOk ? "refresh_token does not match the cookie"
                            : "refresh_csrf wrong, expired or already used");
        }
        Login fresh = passport.rotate(login);
        long expires = passport.bilibili().nowSeconds() + 180L * 24 * 3600;
        ObjectNode body = ok();
        ObjectNode data = body.putObject("data");
        data.put("status", 0);
        data.put("message", "");
        data.put("refresh_token", fresh.refreshToken());
        return withLoginCookies(Response.json(Fixtures.write(body)), fresh, "bilibili.com", expires);
    }

    private Response confirmRefresh(Request request) {
        String sessdata = request.cookie("SESSDATA");
        if (!passport.isLoggedIn(sessdata)) {
            return notLoggedIn();
        }
        Map<String, String> form = form(request);
        if (form.get("csrf") == null || !form.get("csrf").equals(request.cookie("bili_jct"))) {
            return csrfFailed();
        }
        Login fresh = passport.loginFor(sessdata);
        if (fresh == null || !passport.confirm(fresh, form.get("refresh_token"))) {
            return Response.json(Fixtures.bytes("errors/code-400_bad_request.json"))
                    .withHeader("X-Fake-Reason", "refresh_token is not the old token of this refreshed session");
        }
        return json("{\"code\":0,\"message\":\"0\",\"ttl\":1}");
    }

    // ------------------------------------------------------------------ logout

    private Response logout(Request request) {
        String sessdata = request.cookie("SESSDATA");
        if (!passport.isLoggedIn(sessdata) || request.cookie("DedeUserID") == null
                || request.cookie("bili_jct") == null) {
            // documented: an invalid cookie gets the login page instead of JSON
            return Response.text(200, "text/html; charset=utf-8", LOGIN_PAGE)
                    .withHeader("X-Fake-Reason", "SESSDATA, DedeUserID and bili_jct cookies must be a live login");
        }
        Map<String, String> form = form(request);
        long ts = passport.bilibili().nowSeconds();
        if (form.get("biliCSRF") == null || !form.get("biliCSRF").equals(request.cookie("bili_jct"))) {
            // body produced by the fake: the documentation lists 2202 without an example answer
            return json("{\"code\":2202,\"status\":false,\"ts\":" + ts + ",\"message\":\"csrf 请求非法\"}")
                    .withHeader("X-Fake-Reason", "biliCSRF does not equal the bili_jct cookie");
        }
        passport.invalidate(sessdata);
        passport.countLogout();
        String past = "; Path=/; Domain=bilibili.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0";
        return json("{\"code\":0,\"status\":true,\"ts\":" + ts + ",\"data\":{\"redirectUrl\":"
                + "\"https://passport.biligame.com/crossDomain?DedeUserID=&DedeUserID__ckMd5=&SESSDATA=&bili_jct="
                + "&gourl=javascript%3Ahistory.go%28-1%29\"}}")
                .withHeader("Set-Cookie", "SESSDATA=" + past + "; HttpOnly; Secure")
                .withHeader("Set-Cookie", "bili_jct=" + past)
                .withHeader("Set-Cookie", "DedeUserID=" + past)
                .withHeader("Set-Cookie", "DedeUserID__ckMd5=" + past);
    }

    // ------------------------------------------------------------------ helpers

    private static ObjectNode ok() {
        ObjectNode body = Fixtures.JSON.createObjectNode();
        body.put("code", 0);
        body.put("message", "0");
        body.put("ttl", 1);
        return body;
    }

    private static Response json(String text) {
        return Response.json(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Response notLoggedIn() {
        return Response.json(Fixtures.bytes("errors/code-101_not_logged_in.json"));
    }

    private static Response csrfFailed() {
        return Response.json(Fixtures.bytes("errors/code-111_csrf.json"))
                .withHeader("X-Fake-Reason", "csrf does not equal the bili_jct cookie");
    }

    private static Response notFound(String reason) {
        return Response.text(404, "text/html; charset=utf-8", NOT_FOUND_PAGE).withHeader("X-Fake-Reason", reason);
    }

    private static Map<String, String> form(Request request) {
        String type = request.header("content-type");
        Map<String, String> all = new java.util.LinkedHashMap<>(asMap(QueryString.parse(request.rawQuery())));
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            all.putAll(asMap(QueryString.parse(new String(request.body(), StandardCharsets.UTF_8))));
        }
        return all;
    }

    private static Map<String, String> asMap(List<Map.Entry<String, String>> pairs) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> e : pairs) {
            out.putIfAbsent(e.getKey(), e.getValue());
        }
        return out;
    }

    private static Map<String, String> rawQuery(String rawQuery) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String segment : rawQuery.split("&")) {
            int eq = segment.indexOf('=');
            if (eq > 0) {
                out.putIfAbsent(segment.substring(0, eq), segment.substring(eq + 1));
            }
        }
        return out;
    }
}
