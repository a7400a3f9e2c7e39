package io.github.bilibiliapi.test.bilibili;

import io.github.bilibiliapi.test.RouteRegistry;
import io.github.bilibiliapi.test.RouteRequest;
import io.github.bilibiliapi.test.ServerContext;
import io.github.bilibiliapi.test.ServerModule;
import io.github.bilibiliapi.test.bilibili.FakeExchange.Request;
import io.github.bilibiliapi.test.bilibili.FakeExchange.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The fake's passport (all hosts are served by one server; routes are by path):
 *
 * <ul>
 *   <li>{@code GET /x/passport-login/web/qrcode/generate} — a 32-character key and the scan URL.</li>
 *   <li>{@code GET /x/passport-login/web/qrcode/poll?qrcode_key=} — {@code data.code} 86101 / 86090 / 86038 (expired
 *       after 180 s on the fake's clock, unknown or used up) / 0; the success answer consumes the key and hands over
 *       the cookies as {@link PassportState#setCookieDelivery} says.</li>
 *   <li>{@code GET /crossDomain} (passport.biligame.com) — sets the cookies named in its query (a live login only)
 *       and redirects to {@code gourl}.</li>
 *   <li>{@code GET /x/passport-login/web/cookie/info} — login (-101), {@code data.refresh}, {@code data.timestamp}.</li>
 *   <li>{@code GET /correspond/1/{path}} (www) — login, decrypts the path with the fake's own RSA key
 *       (OAEP, SHA-256, MGF1-SHA-256), checks {@code refresh_<ms>} against the clock, issues a single-use
 *       {@code refresh_csrf}; anything wrong is the 404 page.</li>
 *   <li>{@code POST /x/passport-login/web/cookie/refresh} — login (-101), csrf (-111), {@code source=main_web}
 *       (-400), refresh_csrf and refresh_token (86095); new cookies and token, the old cookies live until
 *       confirm.</li>
 *   <li>{@code POST /x/passport-login/web/confirm/refresh} — new cookies' login and csrf, the OLD token (-400);
 *       ends the old session.</li>
 *   <li>{@code POST /login/exit/v2} — cookies SESSDATA, DedeUserID, bili_jct (else the login page HTML),
 *       {@code biliCSRF} (2202); ends the session.</li>
 * </ul>
 */
public final class PassportModule implements ServerModule {

    private final PassportState passport;
    private final PassportRoutes routes;

    /**
     * @param bilibili the state shared with the REST routes: logins become its accounts
     */
    public PassportModule(FakeBilibiliState bilibili) {
        this.passport = new PassportState(Objects.requireNonNull(bilibili, "bilibili"));
        this.routes = new PassportRoutes(passport);
    }

    /**
     * The passport's state: QR sessions, logins, keys, scripting and counters.
     *
     * @return the live state
     */
    public PassportState passport() {
        return passport;
    }

    @Override
    public void register(RouteRegistry registry, ServerContext ctx) {
        for (String path : PassportRoutes.PATHS) {
            registry.any(path, this::serve);
        }
    }

    private Publisher<Void> serve(RouteRequest in, HttpServerResponse out) {
        return in.body().flatMap(body -> {
            Map<String, String> headers = new LinkedHashMap<>();
            in.headers().forEach(h -> headers.putIfAbsent(h.getKey(), h.getValue()));
            Request request = new Request(in.method(), in.path(), in.rawQuery(), headers, body);
            Response response = routes.handle(request);
            return ReactorAdapter.write(response, "HEAD".equals(request.method()), out);
        });
    }

    @Override
    public String toString() {
        return "PassportModule" + PassportRoutes.PATHS;
    }
}
