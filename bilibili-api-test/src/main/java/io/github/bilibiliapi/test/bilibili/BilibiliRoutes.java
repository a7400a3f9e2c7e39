package io.github.bilibiliapi.test.bilibili;

import io.github.bilibiliapi.test.bilibili.FakeExchange.Request;
import io.github.bilibiliapi.test.bilibili.FakeExchange.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bilibili REST routes of the fake, as pure request → response logic over {@link FakeExchange}. Every route checks
 * what the real site checks (as far as the public documentation and the reference client tell) and answers with the
 * real fixtures' shapes and error bodies.
 */
final class BilibiliRoutes {

    /** HMAC key of the GenWebTicket {@code hexsign}. */
    static final String TICKET_HMAC_KEY = "XgwSnGZ1p";

    static final String NAV = "/x/web-interface/nav";
    static final String SPI = "/x/frontend/finger/spi";
    static final String EX_CLIMB_WUZHI = "/x/internal/gaia-gateway/ExClimbWuzhi";
    static final String GEN_WEB_TICKET = "/bapis/bilibili.api.ticket.v1.Ticket/GenWebTicket";
    static final String ACC_INFO = "/x/space/wbi/acc/info";
    static final String VIEW = "/x/web-interface/view";
    static final String UPLOAD_BFS = "/x/dynamic/feed/draw/upload_bfs";
    static final String WWW_ROOT = "/";

    /** Every path this module answers. */
    static final Set<String> PATHS = Set.of(NAV, SPI, EX_CLIMB_WUZHI, GEN_WEB_TICKET, ACC_INFO, VIEW, UPLOAD_BFS, WWW_ROOT);

    private static final Pattern BUVID3 =
            Pattern.compile("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}[0-9]{5}infoc");
    /** The reference generates {@code _uuid} from the alphabet 1-9A-F plus "10", so part lengths vary. */
    private static final Pattern UUID_INFOC = Pattern.compile("[0-9A-F]+(-[0-9A-F]+){4}[0-9]{5}infoc");
    private static final Pattern HEX_1_32 = Pattern.compile("[0-9a-f]{1,32}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    private static final DateTimeFormatter COOKIE_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter B4_STAMP =
            DateTimeFormatter.ofPattern("yyMMddHH", Locale.ROOT).withZone(ZoneId.of("Asia/Shanghai"));
    private static final List<String> DM_PARAMS =
            List.of("dm_img_list", "dm_img_str", "dm_cover_img_str", "dm_img_inter");
    private static final String FIXTURE_BVID = "BV117411r7R1";
    private static final long FIXTURE_AID = 85440373L;

    private final FakeBilibiliState state;
    private final String ticketSecret = Crypto.randomHex(16);

    BilibiliRoutes(FakeBilibiliState state) {
        this.state = state;
    }

    /** Answers a request to one of {@link #PATHS}; {@code null} when the path is not ours. */
    Response handle(Request request) {
        return switch (request.path()) {
            case NAV -> onlyMethods(request, Set.of("GET"), () -> nav(request));
            case SPI -> onlyMethods(request, Set.of("GET"), () -> spi());
            case EX_CLIMB_WUZHI -> onlyMethods(request, Set.of("POST"), () -> exClimbWuzhi(request));
            case GEN_WEB_TICKET -> onlyMethods(request, Set.of("POST"), () -> genWebTicket(request));
            case ACC_INFO -> onlyMethods(request, Set.of("GET"), () -> accInfo(request));
            case VIEW -> onlyMethods(request, Set.of("GET"), () -> view(request));
            case UPLOAD_BFS -> onlyMethods(request, Set.of("POST"), () -> uploadBfs(request));
            case WWW_ROOT -> onlyMethods(request, Set.of("GET", "HEAD"), () -> wwwRoot(request));
            default -> null;
        };
    }

    private interface Route {
        Response answer();
    }

    private static Response onlyMethods(Request request, Set<String> methods, Route route) {
        if (!methods.contains(request.method())) {
            return Response.json(("{\"code\":-405,\"message\":\"请求方法不支持\",\"ttl\":1}").getBytes(StandardCharsets.UTF_8));
        }
        return route.answer();
    }

    // ------------------------------------------------------------------ www

    private Response wwwRoot(Request request) {
        long now = state.nowSeconds();
        String expires = COOKIE_DATE.format(Instant.ofEpochSecond(now).plusSeconds(365L * 24 * 3600));
        String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>哔哩哔哩 (゜-゜)つロ 干杯~-bilibili</title>"
                + "</head><body></body></html>";
        return Response.text(200, "text/html; charset=utf-8", html)
                .withHeader("Set-Cookie", "buvid3=" + newBuvid() + "infoc; path=/; expires=" + expires
                        + "; domain=.bilibili.com")
                .withHeader("Set-Cookie", "b_nut=" + now + "; path=/; expires=" + expires + "; domain=.bilibili.com")
                .withHeader("Cache-Control", "no-cache");
    }

    // ------------------------------------------------------------------ nav / spi

    private Response nav(Request request) {
        state.countNav();
        WbiKeys keys = state.currentWbiKeys();
        Account account = state.accountForSessdata(request.cookie("SESSDATA")).orElse(null);
        ObjectNode body;
        if (account == null) {
            body = Fixtures.object("rest/x_web-interface_nav.not_logged_in_-101.json");
        } else {
            body = Fixtures.object("rest/x_web-interface_nav.logged_in.json");
            ObjectNode data = (ObjectNode) body.get("data");
            data.put("mid", account.mid());
            ((ObjectNode) data.get("wallet")).put("mid", account.mid());
        }
        ObjectNode wbiImg = (ObjectNode) body.get("data").get("wbi_img");
        wbiImg.put("img_url", keys.imgUrl());
        wbiImg.put("sub_url", keys.subUrl());
        return Response.json(Fixtures.write(body));
    }

    private Response spi() {
        state.countSpi();
        ObjectNode body = Fixtures.object("rest/x_frontend_finger_spi.json");
        ObjectNode data = (ObjectNode) body.get("data");
        data.put("b_3", newBuvid() + "infoc");
        byte[] random = new byte[16];
        Crypto.RANDOM.nextBytes(random);
        data.put("b_4", newBuvid() + "-0" + B4_STAMP.format(Instant.ofEpochSecond(state.nowSeconds())) + "-"
                + Base64.getEncoder().encodeToString(random));
        return Response.json(Fixtures.write(body));
    }

    /** {@code XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX} + 5 digits, the common stem of buvid3/buvid4 (upper-case hex). */
    private String newBuvid() {
        String uuid = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        return uuid + String.format("%05d", Crypto.RANDOM.nextInt(100_000));
    }

    // ------------------------------------------------------------------ ExClimbWuzhi

    private Response exClimbWuzhi(Request request) {
        state.countActivation();
        String problem = exClimbWuzhiProblem(request);
        if (problem != null) {
            state.countActivationFailure();
            return Response.json(Fixtures.bytes("errors/ExClimbWuzhi_code130212.json"))
                    .withHeader("X-Fake-Reason", problem);
        }
        state.activate(request.cookie("buvid3"));
        return Response.json("{\"code\":0,\"message\":\"0\",\"ttl\":1,\"data\":{}}".getBytes(StandardCharsets.UTF_8));
    }

    private static String exClimbWuzhiProblem(Request request) {
        String buvid3 = request.cookie("buvid3");
        if (buvid3 == null || !BUVID3.matcher(buvid3).matches()) {
            return "buvid3 cookie missing or not in the XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXXnnnnninfoc format";
        }
        String buvid4 = request.cookie("buvid4");
        if (buvid4 == null || buvid4.isBlank()) {
            return "buvid4 cookie missing";
        }
        String uuid = request.cookie("_uuid");
        if (uuid == null || !UUID_INFOC.matcher(uuid).matches()) {
            return "_uuid cookie missing or not in the …nnnnninfoc format";
        }
        String fp = request.cookie("buvid_fp");
        if (fp == null || !HEX_1_32.matcher(fp).matches()) {
            return "buvid_fp cookie missing or not 1..32 lower-case hex characters";
        }
        String contentType = request.header("content-type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return "Content-Type is not application/json";
        }
        JsonNode body;
        try {
            body = Fixtures.JSON.readTree(request.body());
        } catch (JacksonException e) {
            return "body is not JSON";
        }
        if (body == null || !body.isObject() || body.get("payload") == null || !body.get("payload").isString()) {
            return "body is not an object with a string \"payload\"";
        }
        try {
            if (!Fixtures.JSON.readTree(body.get("payload").asString()).isObject()) {
                return "payload is not a JSON object string";
            }
        } catch (JacksonException e) {
            return "payload is not a JSON object string";
        }
        byte[] raw = request.body();
        if (!fp.equals(Murmur3.buvidFp(raw)) && !fp.equals(Murmur3.buvidFpPadded(raw))) {
            return "buvid_fp is not MurmurHash3_x64_128(seed 31) of the request body";
        }
        return null;
    }

    // ------------------------------------------------------------------ GenWebTicket

    private Response genWebTicket(Request request) {
        state.countTicket();
        List<Map.Entry<String, String>> query;
        try {
            query = QueryString.parse(request.rawQuery());
        } catch (IllegalArgumentException e) {
            return badRequest("malformed query");
        }
        if (!"ec02".equals(QueryString.first(query, "key_id"))) {
            return badRequest("key_id is not ec02");
        }
        String ts = QueryString.first(query, "context[ts]");
        if (ts == null || !DIGITS.matcher(ts).matches()) {
            return badRequest("context[ts] missing or not a number");
        }
        long now = state.nowSeconds();
        if (Math.abs(Long.parseLong(ts) - now) > 300) {
            return badRequest("context[ts] is not current unix time in seconds");
        }
        String hexsign = QueryString.first(query, "hexsign");
        if (hexsign == null || !HEX64.matcher(hexsign).matches()
                || !Crypto.equalsConstantTime(hexsign, Crypto.hmacSha256Hex(TICKET_HMAC_KEY, "ts" + ts))) {
            return badRequest("hexsign is not HMAC-SHA256(XgwSnGZ1p, \"ts\" + context[ts])");
        }
        String csrf = QueryString.first(query, "csrf");
        if (csrf == null) {
            return badRequest("csrf parameter missing (send it empty when logged out)");
        }
        if (!csrf.isEmpty() && !csrf.equals(request.cookie("bili_jct"))) {
            return Response.json(Fixtures.bytes("errors/code-111_csrf.json"));
        }
        long ttl = state.ticketTtlSeconds();
        String ticket = newTicket(now, now + ttl);
        state.recordTicket(ticket, now + ttl);
        WbiKeys keys = state.currentWbiKeys();
        ObjectNode body = Fixtures.object("rest/bapis_bilibili.api.ticket.v1.Ticket_GenWebTicket.json");
        ObjectNode data = (ObjectNode) body.get("data");
        data.put("ticket", ticket);
        data.put("created_at", now);
        data.put("ttl", ttl);
        ObjectNode nav = (ObjectNode) data.get("nav");
        nav.put("img", keys.imgUrl());
        nav.put("sub", keys.subUrl());
        return Response.json(Fixtures.write(body));
    }

    /** A JWT with the real header ({@code HS256}, {@code kid s03}) and claims, signed with a per-server secret. */
    private String newTicket(long iat, long exp) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString(Fixtures.write(Fixtures.JSON.readTree(Fixtures.bytes("rest/bili_ticket_jwt_header.json"))));
        String claims = b64.encodeToString(("{\"exp\":" + exp + ",\"iat\":" + iat + ",\"plt\":-1}").getBytes(StandardCharsets.UTF_8));
        String signature = b64.encodeToString(Crypto.hmacSha256(ticketSecret, header + "." + claims));
        return header + "." + claims + "." + signature;
    }

    // ------------------------------------------------------------------ acc/info, view

    private Response accInfo(Request request) {
        Response denied = riskControl(request);
        if (denied != null) {
            return denied;
        }
        List<Map.Entry<String, String>> query = QueryString.parse(request.rawQuery());
        if (state.requireDmParams()) {
            for (String dm : DM_PARAMS) {
                String value = QueryString.first(query, dm);
                if (value == null || value.isEmpty()) {
                    return voucher352().withHeader("X-Fake-Reason", dm + " parameter missing (dm_img_* are required here)");
                }
            }
        }
        String mid = QueryString.first(query, "mid");
        if (mid == null || !DIGITS.matcher(mid).matches()) {
            return badRequest("mid missing or not a number");
        }
        long id = Long.parseLong(mid);
        if (state.isMissingMid(id)) {
            return Response.json(Fixtures.bytes("errors/code-404_view_not_found.json"));
        }
        ObjectNode body = Fixtures.object("rest/x_space_wbi_acc_info.json");
        ObjectNode data = (ObjectNode) body.get("data");
        data.put("mid", id);
        JsonNode medal = data.path("fans_medal").path("medal");
        if (medal instanceof ObjectNode m) {
            m.put("uid", id);
        }
        return Response.json(Fixtures.write(body));
    }

    /**
     * The checks of a WBI-signed route that also needs an activated buvid3: signature first (what the real site
     * rejects first), then buvid3. Both failures are HTTP 200 with code -352.
     */
    Response riskControl(Request request) {
        WbiVerdict verdict = state.verifyWbiAndBuvid3(request.rawQuery(), request.cookie("buvid3"));
        return verdict.valid() ? null : voucher352().withHeader("X-Fake-Reason", verdict.reason());
    }

    private static Response voucher352() {
        ObjectNode body = Fixtures.object("rest/error_-352_v_voucher.json");
        ((ObjectNode) body.get("data")).put("v_voucher", "voucher_" + UUID.randomUUID());
        return Response.json(Fixtures.write(body));
    }

    private Response view(Request request) {
        List<Map.Entry<String, String>> query;
        try {
            query = QueryString.parse(request.rawQuery());
        } catch (IllegalArgumentException e) {
            return badRequest("malformed query");
        }
        String aidText = QueryString.first(query, "aid");
        String bvid = QueryString.first(query, "bvid");
        long aid;
        if (aidText != null && !aidText.isEmpty()) {
            if (!DIGITS.matcher(aidText).matches() || Long.parseLong(aidText) <= 0 || Long.parseLong(aidText) >= AvBv.MAX_AID) {
                return badRequest("aid is not a valid number");
            }
            aid = Long.parseLong(aidText);
            if (bvid != null && !bvid.isEmpty() && !bvid.equals(AvBv.toBvid(aid))) {
                return badRequest("aid and bvid name different videos");
            }
        } else if (bvid != null && !bvid.isEmpty()) {
            try {
                aid = AvBv.toAid(bvid);
            } catch (IllegalArgumentException e) {
                return badRequest("bvid is malformed");
            }
            if (aid <= 0 || !AvBv.toBvid(aid).equals(bvid)) {
                return badRequest("bvid is malformed");
            }
        } else {
            return badRequest("aid or bvid is required");
        }
        if (state.isMissingVideo(aid)) {
            return Response.json(Fixtures.bytes("errors/code-404_view_not_found.json"));
        }
        if (state.isInvisibleVideo(aid)) {
            return Response.json(Fixtures.bytes("errors/code62002_view_invisible.json"));
        }
        ObjectNode body = Fixtures.object("rest/x_web-interface_view.json");
        replaceIds(body, aid, AvBv.toBvid(aid));
        return Response.json(Fixtures.write(body));
    }

    /** Rewrites every {@code aid}/{@code bvid} field that names the fixture's video, keeping the payload consistent. */
    private static void replaceIds(JsonNode node, long aid, String bvid) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode value = field.getValue();
                if (field.getKey().equals("aid") && value.isNumber() && value.asLong() == FIXTURE_AID) {
                    object.put("aid", aid);
                } else if (field.getKey().equals("bvid") && value.isString() && value.asString().equals(FIXTURE_BVID)) {
                    object.put("bvid", bvid);
                } else {
                    replaceIds(value, aid, bvid);
                }
            }
        } else if (node != null && node.isArray()) {
            for (JsonNode element : node.values()) {
                replaceIds(element, aid, bvid);
            }
        }
    }

    // ------------------------------------------------------------------ upload_bfs

    private Response uploadBfs(Request request) {
        state.countUpload();
        Account account = state.accountForSessdata(request.cookie("SESSDATA")).orElse(null);
        if (account == null) {
            return Response.json(Fixtures.bytes("errors/code-101_not_logged_in.json"));
        }
        String boundary = Multipart.boundary(request.header("content-type"));
        if (boundary == null) {
            return badRequest("Content-Type is not multipart/form-data with a boundary");
        }
        List<Multipart.Part> parts;
        try {
            parts = Multipart.parse(request.body(), boundary);
        } catch (IllegalArgumentException e) {
            return badRequest("malformed multipart body: " + e.getMessage());
        }
        String cookieJct = request.cookie("bili_jct");
        Multipart.Part csrf = field(parts, "csrf");
        if (cookieJct == null || csrf == null || csrf.filename() != null
                || !csrf.text().equals(cookieJct) || !cookieJct.equals(account.biliJct())) {
            return Response.json(Fixtures.bytes("errors/code-111_csrf.json"));
        }
        Multipart.Part biz = field(parts, "biz");
        if (biz == null || !biz.text().equals("new_dyn")) {
            return badRequest("field biz must be new_dyn");
        }
        Multipart.Part category = field(parts, "category");
        if (category == null || !category.text().equals("daily")) {
            return badRequest("field category must be daily");
        }
        Multipart.Part file = field(parts, "file_up");
        if (file == null || file.filename() == null || file.filename().isEmpty()) {
            return badRequest("part file_up must be a file (with a filename)");
        }
        String mime = file.contentType() == null ? "" : file.contentType().toLowerCase(Locale.ROOT).split(";")[0].trim();
        if (!mime.startsWith("image/") || mime.length() == "image/".length()) {
            return badRequest("part file_up must have an image/* Content-Type");
        }
        byte[] content = file.content();
        if (content.length == 0) {
            return badRequest("part file_up is empty");
        }
        int[] size = ImageSize.of(content);
        String ext = switch (mime) {
            case "image/jpeg", "image/jpg" -> "jpg";
            case "image/svg+xml" -> "svg";
            default -> mime.substring("image/".length());
        };
        ObjectNode body = Fixtures.object("rest/x_dynamic_feed_draw_upload_bfs.json");
        ObjectNode data = (ObjectNode) body.get("data");
        data.put("image_url", "http://i0.hdslb.com/bfs/new_dyn/" + Crypto.md5Hex(content) + account.mid() + "." + ext);
        data.put("image_width", size[0]);
        data.put("image_height", size[1]);
        data.put("img_size", Math.round(content.length / 1024.0 * 1000) / 1000.0);
        return Response.json(Fixtures.write(body));
    }

    private static Multipart.Part field(List<Multipart.Part> parts, String name) {
        for (Multipart.Part part : parts) {
            if (part.name().equals(name)) {
                return part;
            }
        }
        return null;
    }

    private static Response badRequest(String reason) {
        return Response.json(Fixtures.bytes("errors/code-400_bad_request.json")).withHeader("X-Fake-Reason", reason);
    }
}
