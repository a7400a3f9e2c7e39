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
 * The bilibili REST routes of the fake server (all hosts are served by one server; routes are by path):
 *
 * <ul>
 *   <li>{@code GET /x/web-interface/nav} — logged in (valid {@code SESSDATA}) → the logged-in fixture with the
 *       account's mid; otherwise -101 with {@code wbi_img} still present; {@code wbi_img} always carries the current
 *       keys.</li>
 *   <li>{@code GET /x/frontend/finger/spi} — fresh {@code b_3}/{@code b_4} in the real formats.</li>
 *   <li>{@code POST /x/internal/gaia-gateway/ExClimbWuzhi} — checks cookies {@code buvid3}, {@code buvid4},
 *       {@code _uuid}, {@code buvid_fp}, a JSON body {@code {"payload":"<JSON object string>"}}, and that
 *       {@code buvid_fp} is MurmurHash3 x64 128 (seed 31) of the raw body; then activates the buvid3. Failure →
 *       130212.</li>
 *   <li>{@code POST /bapis/bilibili.api.ticket.v1.Ticket/GenWebTicket} — checks {@code key_id=ec02}, a current
 *       {@code context[ts]} and {@code hexsign}; a non-empty {@code csrf} must equal the {@code bili_jct} cookie.</li>
 *   <li>{@code GET /x/space/wbi/acc/info} — WBI-signed, needs an activated buvid3 and the {@code dm_img_*}
 *       parameters (else -352); unknown mid → -404.</li>
 *   <li>{@code GET /x/web-interface/view} — {@code aid} or {@code bvid}, consistent; -404 / 62002 when
 *       configured.</li>
 *   <li>{@code POST /x/dynamic/feed/draw/upload_bfs} — login (-101), csrf = bili_jct (-111), multipart parts.</li>
 *   <li>{@code GET|HEAD /} — the www home page setting {@code buvid3} and {@code b_nut} cookies.</li>
 * </ul>
 *
 * <p>Every answer that is not a success carries an {@code X-Fake-Reason} header saying which check failed, for test
 * diagnostics (the real site sends no such header). Configure through {@link #state()}; script error answers with
 * {@code server.script(path, BilibiliErrors.fault(-799))}.
 */
public final class BilibiliModule implements ServerModule {

    private final FakeBilibiliState state;
    private final BilibiliRoutes routes;

    /** A module with its own fresh {@link FakeBilibiliState}. */
    public BilibiliModule() {
        this(new FakeBilibiliState());
    }

    /**
     * A module over a given state, so another module (e.g. the live routes) can share it.
     *
     * @param state the state to serve and mutate
     */
    public BilibiliModule(FakeBilibiliState state) {
        this.state = Objects.requireNonNull(state, "state");
        this.routes = new BilibiliRoutes(state);
    }

    /**
     * The state this module serves: keys, accounts, activations, configuration and counters.
     *
     * @return the live state (not a copy)
     */
    public FakeBilibiliState state() {
        return state;
    }

    /**
     * Registers every route for any method; a wrong method is answered like bilibili does (code -405), not 405.
     *
     * @param registry where to add routes
     * @param ctx      unused: the routes need no base URL
     */
    @Override
    public void register(RouteRegistry registry, ServerContext ctx) {
        for (String path : BilibiliRoutes.PATHS) {
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
        return "BilibiliModule" + BilibiliRoutes.PATHS;
    }
}
