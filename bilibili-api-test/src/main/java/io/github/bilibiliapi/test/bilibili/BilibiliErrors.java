package io.github.bilibiliapi.test.bilibili;

import io.github.bilibiliapi.test.Fault;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * bilibili's real error answers (from {@code fixtures/errors/}), by business code, for scripting faults on any path.
 *
 * <p>Known codes: -101 (not logged in), -111 (csrf), -352 (risk control, with {@code v_voucher}), -400, -401 (gaia
 * anti-crawler), -404, -412 (HTTP 412 page), -509 (two concatenated JSON bodies, as the real site sometimes sends),
 * -799 (too frequent), 62002 (video invisible), 130212 (ExClimbWuzhi failure).
 */
public final class BilibiliErrors {

    private static final Map<Integer, String> FIXTURES = new TreeMap<>(Map.ofEntries(
            Map.entry(-101, "errors/code-101_not_logged_in.json"),
            Map.entry(-111, "errors/code-111_csrf.json"),
            Map.entry(-352, "errors/code-352_v_voucher.json"),
            Map.entry(-400, "errors/code-400_bad_request.json"),
            Map.entry(-401, "errors/code-401_gaia_anti_crawler.json"),
            Map.entry(-404, "errors/code-404_view_not_found.json"),
            Map.entry(-412, "errors/http412_code-412.http"),
            Map.entry(-509, "errors/code-509_concatenated_two_json_bodies.txt"),
            Map.entry(-799, "errors/code-799_too_frequent.json"),
            Map.entry(62002, "errors/code62002_view_invisible.json"),
            Map.entry(130212, "errors/ExClimbWuzhi_code130212.json")));

    private BilibiliErrors() {
    }

    /**
     * The codes {@link #body(int)} knows.
     *
     * @return known business codes
     */
    public static Set<Integer> knownCodes() {
        return Set.copyOf(FIXTURES.keySet());
    }

    /**
     * The HTTP status the real site uses with this code: 412 for -412, 200 for every other (bilibili reports
     * business errors in the JSON body of a 200).
     *
     * @param code a known business code
     * @return the HTTP status
     */
    public static int httpStatus(int code) {
        requireKnown(code);
        return code == -412 ? 412 : 200;
    }

    /**
     * The real body for a business code (UTF-8 JSON; for -509 two JSON documents back to back).
     *
     * @param code a known business code
     * @return a fresh copy of the body bytes
     * @throws IllegalArgumentException for a code without a fixture, naming the known ones
     */
    public static byte[] body(int code) {
        String path = requireKnown(code);
        byte[] raw = Fixtures.bytes(path);
        if (path.endsWith(".http")) {
            String text = new String(raw, StandardCharsets.UTF_8);
            int split = text.indexOf("\n\n");
            return text.substring(split + 2).strip().getBytes(StandardCharsets.UTF_8);
        }
        return raw;
    }

    /**
     * The Content-Type to send with {@link #body(int)}.
     *
     * @param code a known business code
     * @return {@code application/json; charset=utf-8} (the -509 capture is JSON-typed too)
     */
    public static String contentType(int code) {
        requireKnown(code);
        return "application/json; charset=utf-8";
    }

    /**
     * A scripted fault answering with the real error for {@code code}, e.g.
     * {@code server.script("/x/web-interface/nav", BilibiliErrors.fault(-799))}; -412 is the HTTP 412 answer.
     *
     * @param code a known business code
     * @return the fault
     * @throws IllegalArgumentException for a code without a fixture
     */
    public static Fault fault(int code) {
        return Fault.respond(httpStatus(code), contentType(code), new String(body(code), StandardCharsets.UTF_8));
    }

    /**
     * getDanmuInfo's own -352 body ({@code {"code":-352,"message":"-352","ttl":1}}), for the live module.
     *
     * @return a fresh copy of the body bytes
     */
    public static byte[] danmuInfoRiskControlBody() {
        return Fixtures.bytes("errors/getDanmuInfo_code-352.json");
    }

    private static String requireKnown(int code) {
        String path = FIXTURES.get(code);
        if (path == null) {
            throw new IllegalArgumentException("no bilibili error fixture for code " + code + "; known: " + FIXTURES.keySet());
        }
        return path;
    }
}
