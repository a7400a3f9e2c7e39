package io.github.bilibiliapi.test.bilibili;

import io.github.bilibiliapi.test.bilibili.FakeExchange.Request;
import io.github.bilibiliapi.test.bilibili.FakeExchange.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The community routes as request → response logic ({@link CommunityModule} has the list). Generated items are
 * deterministic functions of the id and index, dressed in the real example answers' shapes.
 */
final class CommunityRoutes {

    static final String REPLY_MAIN = "/x/v2/reply/wbi/main";
    static final String REPLY_REPLY = "/x/v2/reply/reply";
    static final String REPLY_ADD = "/x/v2/reply/add";
    static final String SEARCH_TYPE = "/x/web-interface/wbi/search/type";
    static final String SEARCH_ALL = "/x/web-interface/wbi/search/all/v2";
    static final String ARC_SEARCH = "/x/space/wbi/arc/search";
    static final String FEED_SPACE = "/x/polymer/web-dynamic/v1/feed/space";
    static final String RELATION_STAT = "/x/relation/stat";
    static final String FAV_FOLDERS = "/x/v3/fav/folder/created/list-all";
    static final String FAV_RESOURCES = "/x/v3/fav/resource/list";
    /** space.bilibili.com/{mid}/dynamic (all hosts share the server; routes are by path). */
    static final String SPACE_PAGE = "/{mid}/dynamic";

    static final Set<String> PATHS = Set.of(REPLY_MAIN, REPLY_REPLY, REPLY_ADD, SEARCH_TYPE, SEARCH_ALL, ARC_SEARCH,
            FEED_SPACE, RELATION_STAT, FAV_FOLDERS, FAV_RESOURCES);

    /** The comment area types bilibili documents. */
    private static final Set<Integer> COMMENT_TYPES =
            Set.of(1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 33);
    private static final List<String> DM_PARAMS =
            List.of("dm_img_list", "dm_img_str", "dm_cover_img_str", "dm_img_inter");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    private static final int COMMENTS_PAGE = 20;
    private static final int DYNAMICS_PAGE = 12;
    private static final long BASE_TIME = 1_760_000_000L;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<String, JsonNode> TEMPLATES = new ConcurrentHashMap<>();

    private final FakeBilibiliState state;
    private final CommunityModule config;
    private final Map<Long, List<ObjectNode>> postedByOid = new ConcurrentHashMap<>();
    private final Map<Long, String> posted = new ConcurrentHashMap<>();
    private final Map<Long, Integer> areaTypes = new ConcurrentHashMap<>();
    private final Map<Long, String> webIds = new ConcurrentHashMap<>();
    private final AtomicLong nextRpid = new AtomicLong(900_000_000_000L);

    CommunityRoutes(FakeBilibiliState state, CommunityModule config) {
        this.state = state;
        this.config = config;
    }

    Map<Long, String> posted() {
        return Map.copyOf(posted);
    }

    void setAreaType(long oid, int type) {
        areaTypes.put(oid, type);
    }

    Response handle(Request request, String midVariable) {
        if (midVariable != null && request.path().endsWith("/dynamic")) {
            return only(request, "GET", () -> spacePage(midVariable));
        }
        return switch (request.path()) {
            case REPLY_MAIN -> only(request, "GET", () -> replyMain(request));
            case REPLY_REPLY -> only(request, "GET", () -> replyReply(request));
            case REPLY_ADD -> only(request, "POST", () -> replyAdd(request));
            case SEARCH_TYPE -> only(request, "GET", () -> searchType(request));
            case SEARCH_ALL -> only(request, "GET", () -> searchAll(request));
            case ARC_SEARCH -> only(request, "GET", () -> arcSearch(request));
            case FEED_SPACE -> only(request, "GET", () -> feedSpace(request));
            case RELATION_STAT -> only(request, "GET", () -> relationStat(request));
            case FAV_FOLDERS -> only(request, "GET", () -> favFolders(request));
            case FAV_RESOURCES -> only(request, "GET", () -> favResources(request));
            default -> Response.text(404, "text/plain", "not found");
        };
    }

    private interface Route {
        Response answer();
    }

    private static Response only(Request request, String method, Route route) {
        if (!method.equals(request.method())) {
            return Response.json("{\"code\":-405,\"message\":\"请求方法不支持\",\"ttl\":1}".getBytes(StandardCharsets.UTF_8));
        }
        return route.answer();
    }

    // ------------------------------------------------------------------ shared checks and answers

    /** A fresh copy of a part of a fixture (parsed once: generated listings copy it hundreds of times). */
    private static ObjectNode template(String fixture, String pointer) {
        JsonNode node = TEMPLATES.computeIfAbsent(fixture + "#" + pointer, k -> Fixtures.object(fixture).at(pointer));
        return (ObjectNode) node.deepCopy();
    }

    private static Response error(int code, String reason) {
        return new Response(BilibiliErrors.httpStatus(code), List.of(Map.entry("Content-Type",
                BilibiliErrors.contentType(code))), BilibiliErrors.body(code)).withHeader("X-Fake-Reason", reason);
    }

    /** An error body the error fixtures do not hold: {@code {"code":..,"message":..,"ttl":1}} (shape of all of them). */
    private static Response code(int code, String message, String reason) {
        ObjectNode body = NODES.objectNode().put("code", code).put("message", message).put("ttl", 1);
        return Response.json(Fixtures.write(body)).withHeader("X-Fake-Reason", reason);
    }

    private static Response ok(JsonNode data) {
        ObjectNode body = NODES.objectNode().put("code", 0).put("message", "0").put("ttl", 1);
        body.set("data", data);
        return Response.json(Fixtures.write(body));
    }

    private static Response voucher352(String reason) {
        ObjectNode body = Fixtures.object("rest/error_-352_v_voucher.json");
        ((ObjectNode) body.get("data")).put("v_voucher", "voucher_" + java.util.UUID.randomUUID());
        return Response.json(Fixtures.write(body)).withHeader("X-Fake-Reason", reason);
    }

    private Response pageFault(String path, int page) {
        Integer code = config.takePageFault(path, page);
        return code == null ? null : error(code, "page " + page + " scripted to fail with " + code);
    }

    private static String dmProblem(List<Map.Entry<String, String>> query) {
        for (String dm : DM_PARAMS) {
            String value = QueryString.first(query, dm);
            if (value == null || value.isEmpty()) {
                return dm + " parameter missing (dm_img_* are required here)";
            }
        }
        return null;
    }

    private static long number(List<Map.Entry<String, String>> query, String name, long fallback) {
        String v = QueryString.first(query, name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        if (!DIGITS.matcher(v).matches()) {
            return -1;
        }
        return Long.parseLong(v);
    }

    private static boolean bilibiliReferer(String referer) {
        if (referer == null) {
            return false;
        }
        try {
            String host = URI.create(referer).getHost();
            return host != null && (host.equals("bilibili.com") || host.endsWith(".bilibili.com"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ comments

    private static long commentBase(long oid) {
        return 200_000_000_000L + Math.floorMod(oid, 100_000L) * 100_000L;
    }

    private static ObjectNode comment(long oid, int type, long rpid, long mid, String name, String text, long ctime,
            long likes, long rcount, long root, long parent, boolean picture) {
        ObjectNode c = template("community/reply_main.json", "/data/replies/0");
        c.put("rpid", rpid).put("rpid_str", Long.toString(rpid)).put("oid", oid).put("oid_str", Long.toString(oid))
                .put("type", type).put("mid", mid).put("mid_str", Long.toString(mid)).put("ctime", ctime)
                .put("like", likes).put("rcount", rcount).put("count", rcount).put("root", root)
                .put("root_str", Long.toString(root)).put("parent", parent).put("parent_str", Long.toString(parent));
        ObjectNode member = (ObjectNode) c.get("member");
        member.put("mid", Long.toString(mid)).put("uname", name);
        ObjectNode content = (ObjectNode) c.get("content");
        content.put("message", text);
        content.remove("emote");
        if (picture) {
            ArrayNode pics = content.putArray("pictures");
            pics.addObject().put("img_src", "https://i0.hdslb.com/bfs/new_dyn/" + rpid + ".jpg").put("img_width", 640)
                    .put("img_height", 480).put("img_size", 51.2);
        }
        c.putArray("replies");
        return c;
    }

    private ObjectNode generatedComment(long oid, int type, int i) {
        long rpid = commentBase(oid) + i;
        return comment(oid, type, rpid, 10_000 + i, "用户" + i, "第" + i + "条评论", BASE_TIME - i * 60L,
                (i * 7919L) % 1000, i % 10 == 0 ? 45 : i % 3, 0, 0, i % 25 == 0);
    }

    private ObjectNode pinnedComment(long oid, int type) {
        return comment(oid, type, commentBase(oid) + 99_999, 2, "UP主", "置顶评论", BASE_TIME + 60, 5000, 12, 0, 0,
                false);
    }

    private Response commentAreaProblem(long oid, long type) {
        if (!COMMENT_TYPES.contains((int) type)) {
            return code(12009, "评论主体的type不合法", "type " + type + " is not a comment area type");
        }
        Integer expected = areaTypes.get(oid);
        if (expected != null && expected != type) {
            return code(12009, "评论主体的type不合法", "oid " + oid + " is a type " + expected + " area");
        }
        if (config.closed(oid)) {
            return code(12002, "评论区已关闭", "comments of " + oid + " are closed");
        }
        return null;
    }

    private Response replyMain(Request request) {
        List<Map.Entry<String, String>> query = QueryString.parse(request.rawQuery());
        WbiVerdict verdict = state.verifyWbi(request.rawQuery());
        if (!verdict.valid()) {
            // the doc: a wrong WBI signature on this endpoint answers -403
            return code(-403, "访问权限不足", verdict.reason());
        }
        long oid = number(query, "oid", -1);
        long type = number(query, "type", -1);
        long mode = number(query, "mode", 3);
        if (oid <= 0 || type < 0 || (mode != 2 && mode != 3)) {
            return error(-400, "oid/type missing or mode not 2/3");
        }
        Response problem = commentAreaProblem(oid, type);
        if (problem != null) {
            return problem;
        }
        int position;
        try {
            String paginationStr = QueryString.first(query, "pagination_str");
            String offset = paginationStr == null ? "" : Fixtures.JSON.readTree(paginationStr).path("offset").asString("");
            if (offset.isEmpty()) {
                position = 0;
            } else {
                JsonNode o = Fixtures.JSON.readTree(offset);
                position = mode == 2 ? o.path("Data").path("cursor").asInt(-1)
                        : (o.path("data").path("pn").asInt(0) - 1) * COMMENTS_PAGE;
            }
        } catch (JacksonException e) {
            return error(-400, "pagination_str is not the JSON bilibili expects");
        }
        if (position < 0) {
            return error(-400, "offset has no cursor");
        }
        int page = position / COMMENTS_PAGE + 1;
        Response fault = pageFault(REPLY_MAIN, page);
        if (fault != null) {
            return fault;
        }
        List<ObjectNode> all = new ArrayList<>(postedByOid.getOrDefault(oid, List.of()));
        int n = config.commentCount(oid);
        List<ObjectNode> generated = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            generated.add(generatedComment(oid, (int) type, i));
        }
        if (mode == 3) {
            generated.sort(Comparator.comparingLong((ObjectNode c) -> -c.path("like").asLong())
                    .thenComparingLong(c -> c.path("rpid").asLong()));
        }
        all.addAll(generated);
        int end = Math.min(all.size(), position + COMMENTS_PAGE);
        ObjectNode body = Fixtures.object("community/reply_main.json");
        ObjectNode data = (ObjectNode) body.get("data");
        ArrayNode replies = data.putArray("replies");
        for (int i = position; i < end; i++) {
            replies.add(all.get(i));
        }
        ArrayNode top = data.putArray("top_replies");
        if (position == 0) {
            top.add(pinnedComment(oid, (int) type));
        }
        boolean isEnd = end >= all.size();
        ObjectNode cursor = (ObjectNode) data.get("cursor");
        cursor.put("is_begin", position == 0).put("is_end", isEnd).put("mode", mode).put("all_count", all.size())
                .put("next", end).put("prev", position);
        String nextOffset = mode == 2 ? "{\"type\":3,\"direction\":1,\"Data\":{\"cursor\":" + end + "}}"
                : "{\"type\":1,\"direction\":1,\"data\":{\"pn\":" + (page + 1) + "}}";
        ObjectNode pagination = cursor.putObject("pagination_reply");
        if (!isEnd) {
            pagination.put("next_offset", nextOffset);
        }
        return Response.json(Fixtures.write(body));
    }

    private Response replyReply(Request request) {
        List<Map.Entry<String, String>> query = QueryString.parse(request.rawQuery());
        long oid = number(query, "oid", -1);
        long type = number(query, "type", -1);
        long root = number(query, "root", -1);
        long pn = number(query, "pn", 1);
        long ps = number(query, "ps", 20);
        if (oid <= 0 || type < 0 || root <= 0 || pn < 1 || ps < 1 || ps > 49) {
            return error(-400, "oid/type/root missing, or pn/ps out of range");
        }
        Response problem = commentAreaProblem(oid, type);
        if (problem != null) {
            return problem;
        }
        long index = root - commentBase(oid);
        long count;
        if (index == 99_999) {
            count = 12;
        } else if (index >= 0 && index < config.commentCount(oid)) {
            count = index % 10 == 0 ? 45 : index % 3;
        } else {
            return error(-404, "root " + root + " is not a comment of " + oid);
        }
        Response fault = pageFault(REPLY_REPLY, (int) pn);
        if (fault != null) {
            return fault;
        }
        long size = Math.min(ps, 20);
        ObjectNode data = NODES.objectNode();
        data.putObject("page").put("num", pn).put("size", size).put("count", count);
        ArrayNode replies = data.putArray("replies");
        for (long j = (pn - 1) * size; j < Math.min(count, pn * size); j++) {
            replies.add(comment(oid, (int) type, 800_000_000_000L + (root % 1_000_000) * 1000 + j, 20_000 + j,
                    "回复者" + j, "回复 " + j, BASE_TIME + j * 30, j % 7, 0, root, root, false));
        }
        data.set("root", index == 99_999 ? pinnedComment(oid, (int) type) : generatedComment(oid, (int) type, (int) index));
        data.putObject("upper").put("mid", 2);
        data.putObject("config");
        data.putObject("control");
        return ok(data);
    }

    private Response replyAdd(Request request) {
        Account account = state.accountForSessdata(request.cookie("SESSDATA")).orElse(null);
        if (account == null) {
            return error(-101, "SESSDATA missing or unknown");
        }
        List<Map.Entry<String, String>> form;
        try {
            form = QueryString.parse(new String(request.body(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return error(-400, "body is not a form");
        }
        String contentType = request.header("content-type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return error(-400, "Content-Type is not application/x-www-form-urlencoded");
        }
        String csrf = QueryString.first(form, "csrf");
        String cookieJct = request.cookie("bili_jct");
        if (csrf == null || cookieJct == null || !csrf.equals(cookieJct) || !cookieJct.equals(account.biliJct())) {
            return error(-111, "csrf form field missing or not the account's bili_jct");
        }
        WbiVerdict verdict = state.verifyWbi(request.rawQuery());
        if (!verdict.valid()) {
            return voucher352(verdict.reason());
        }
        String dm = dmProblem(QueryString.parse(request.rawQuery()));
        if (dm != null) {
            return voucher352(dm);
        }
        long oid = number(form, "oid", -1);
        long type = number(form, "type", -1);
        long root = number(form, "root", 0);
        long parent = number(form, "parent", 0);
        String message = QueryString.first(form, "message");
        if (oid <= 0 || type < 0 || root < 0 || parent < 0) {
            return error(-400, "oid/type missing or root/parent malformed");
        }
        Response problem = commentAreaProblem(oid, type);
        if (problem != null) {
            return problem;
        }
        if (message == null || message.isBlank()) {
            return error(-400, "message is empty");
        }
        if (message.codePointCount(0, message.length()) > 1000) {
            return code(12025, "评论字数过多", "message longer than 1000 characters");
        }
        long rpid = nextRpid.incrementAndGet();
        long now = state.nowSeconds();
        ObjectNode created = comment(oid, (int) type, rpid, account.mid(), "账号" + account.mid(), message, now, 0, 0,
                root, parent, false);
        if (root == 0) {
            postedByOid.computeIfAbsent(oid, k -> new CopyOnWriteArrayList<>()).add(0, created);
        }
        posted.put(rpid, message);
        ObjectNode body = Fixtures.object("community/reply_add.json");
        ObjectNode data = (ObjectNode) body.get("data");
        data.put("rpid", rpid).put("rpid_str", Long.toString(rpid)).put("root", root)
                .put("root_str", Long.toString(root)).put("parent", parent).put("parent_str", Long.toString(parent))
                .put("dialog", parent).put("dialog_str", Long.toString(parent));
        data.set("reply", created);
        return Response.json(Fixtures.write(body));
    }

    // ------------------------------------------------------------------ search

    private Response searchChecks(Request request) {
        String buvid3 = request.cookie("buvid3");
        if (buvid3 == null || buvid3.isEmpty()) {
            return error(-412, "search needs a buvid3 cookie");
        }
        if (!bilibiliReferer(request.header("referer"))) {
            return error(-412, "search needs a Referer under .bilibili.com");
        }
        WbiVerdict verdict = state.verifyWbi(request.rawQuery());
        return verdict.valid() ? null : voucher352(verdict.reason());
    }

    private static String em(String keyword) {
        String escaped = keyword.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<em class=\"keyword\">" + escaped + "</em>";
    }

    private ObjectNode searchItem(String kind, String keyword, long index) {
        switch (kind) {
            case "video" -> {
                ObjectNode v = template("community/search_type_video.json", "/data/result/0");
                long aid = 3_000_000 + index;
                return v.put("id", aid).put("aid", aid).put("bvid", AvBv.toBvid(aid))
                        .put("title", "视频" + index + "：" + em(keyword) + " 合集").put("mid", 40_000 + index)
                        .put("author", "UP" + index).put("play", 100_000 - index).put("arcurl",
                                "http://www.bilibili.com/video/av" + aid);
            }
            case "bili_user" -> {
                // shape from the documented bili_user item fields (no complete example exists)
                ObjectNode u = NODES.objectNode().put("type", "bili_user").put("mid", 50_000 + index)
                        .put("uname", em(keyword) + "_" + index).put("usign", "签名" + index)
                        .put("fans", 1_000_000 - index).put("videos", index % 300).put("upic",
                                "//i0.hdslb.com/bfs/face/" + index + ".jpg")
                        .put("verify_info", "").put("level", 1 + index % 6).put("gender", 3).put("is_upuser", 1)
                        .put("is_live", index % 2).put("room_id", index % 2 == 1 ? 600_000 + index : 0);
                u.putArray("res");
                u.putObject("official_verify").put("type", -1).put("desc", "");
                u.putArray("hit_columns").add("uname");
                return u;
            }
            case "live_room" -> {
                // no example in the reference data: fields as the web search page reads them
                return NODES.objectNode().put("type", "live_room").put("roomid", 700_000 + index)
                        .put("uid", 60_000 + index).put("title", "直播" + index + " " + em(keyword))
                        .put("uname", "主播" + index).put("online", 10_000 - index).put("live_status", 1)
                        .put("user_cover", "https://i0.hdslb.com/bfs/live/" + index + ".jpg")
                        .put("live_time", "2026-11-26 20:00:00");
            }
            case "article" -> {
                // no example in the reference data: fields as the web search page reads them
                ObjectNode a = NODES.objectNode().put("type", "article").put("id", 20_000_000 + index)
                        .put("mid", 70_000 + index).put("title", em(keyword) + " 专栏 " + index)
                        .put("desc", "摘要" + index).put("view", 5_000 + index).put("like", 100 + index)
                        .put("reply", index).put("pub_time", BASE_TIME - index * 3600).put("category_name", "科技");
                a.putArray("image_urls").add("//i0.hdslb.com/bfs/article/" + index + ".jpg");
                return a;
            }
            default -> throw new IllegalArgumentException(kind);
        }
    }

    private Response searchType(Request request) {
        Response denied = searchChecks(request);
        if (denied != null) {
            return denied;
        }
        List<Map.Entry<String, String>> query = QueryString.parse(request.rawQuery());
        String kind = QueryString.first(query, "search_type");
        String keyword = QueryString.first(query, "keyword");
        if (keyword == null || keyword.isBlank() || kind == null) {
            return error(-400, "keyword or search_type missing");
        }
        if (!Set.of("video", "bili_user", "live_room", "article").contains(kind)) {
            // the code is documented (-1200); its body is not: the common error shape
            return code(-1200, "被降级过滤的请求", "search_type " + kind + " is not served by the fake");
        }
        long page = number(query, "page", 1);
        if (page < 1) {
            return error(-400, "page must be a positive number");
        }
        Response fault = pageFault(SEARCH_TYPE, (int) page);
        if (fault != null) {
            return fault;
        }
        int results = Math.min(1000, config.searchResults());
        int pages = Math.min(50, (results + 19) / 20);
        ObjectNode body = Fixtures.object("community/search_type_video.json");
        ObjectNode data = (ObjectNode) body.get("data");
        data.put("page", page).put("numResults", results).put("numPages", pages);
        ArrayNode items = data.putArray("result");
        for (long i = (page - 1) * 20; i < Math.min(results, page * 20) && page <= pages; i++) {
            items.add(searchItem(kind, keyword, i));
        }
        return Response.json(Fixtures.write(body));
    }

    private Response searchAll(Request request) {
        Response denied = searchChecks(request);
        if (denied != null) {
            return denied;
        }
        List<Map.Entry<String, String>> query = QueryString.parse(request.rawQuery());
        String keyword = QueryString.first(query, "keyword");
        if (keyword == null || keyword.isBlank()) {
            return error(-400, "keyword missing");
        }
        // the reference data has no all/v2 example: the envelope follows the doc's notes (result groups,
        // show_module_list, pageinfo) around generated items
        int results = Math.min(1000, config.searchResults());
        ObjectNode data = NODES.objectNode().put("seid", "9339963973663795027").put("page", 1).put("pagesize", 20)
                .put("numResults", results).put("numPages", Math.min(50, (results + 19) / 20))
                .put("suggest_keyword", "").put("rqt_type", "search").put("egg_hit", 0);
        ObjectNode pageinfo = data.putObject("pageinfo");
        ArrayNode modules = data.putArray("show_module_list");
        ArrayNode groups = data.putArray("result");
        for (String kind : List.of("bili_user", "video")) {
            modules.add(kind);
            int count = kind.equals("video") ? results : Math.min(results, 3);
            pageinfo.putObject(kind).put("numResults", count).put("total", count).put("pages", (count + 19) / 20);
            ObjectNode group = groups.addObject().put("result_type", kind);
            ArrayNode items = group.putArray("data");
            for (int i = 0; i < Math.min(count, kind.equals("video") ? 20 : 1); i++) {
                items.add(searchItem(kind, keyword, i));
            }
        }
        modules.add("media_bangumi");
        groups.addObject().put("result_type", "media_bangumi").putArray("data");
        return ok(data);
    }

    // ------------------------------------------------------------------ space

    void rotateWebId(long mid) {
        webIds.put(mid, newWebId(mid));
    }

    private String webId(long mid) {
        return webIds.computeIfAbsent(mid, this::newWebId);
    }

    /** A JWT-shaped access_id; clients read {@code iat + ttl} from its payload to know when to refresh. */
    private String newWebId(long mid) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"iat\":" + state.nowSeconds() + ",\"ttl\":86400,\"mid\":" + mid
                + ",\"n\":\"" + Crypto.randomHex(4) + "\"}").getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + b64.encodeToString(Crypto.hmacSha256("fake-webid", header + payload));
    }

    private Response spacePage(String midText) {
        if (!DIGITS.matcher(midText).matches()) {
            return Response.text(404, "text/html; charset=utf-8", "<html><body>404</body></html>");
        }
        config.countSpacePage();
        long mid = Long.parseLong(midText);
        String renderData = "{\"access_id\":\"" + webId(mid) + "\",\"n\":\"5\"}";
        String encoded = URLEncoder.encode(renderData, StandardCharsets.UTF_8).replace("+", "%20");
        String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>个人空间</title></head><body>"
                + "<div id=\"app\"></div><script id=\"__RENDER_DATA__\" type=\"application/json\">" + encoded
                + "</script></body></html>";
        return Response.text(200, "text/html; charset=utf-8", html);
    }

    private Response arcSearch(Request request) {
        WbiVerdict verdict = state.verifyWbiAndBuvid3(request.rawQuery(), request.cookie("buvid3"));
        if (!verdict.valid()) {
            return voucher352(verdict.reason());
        }
        List<Map.Entry<String, String>> query = QueryString.parse(request.rawQuery());
        String dm = dmProblem(query);
        if (dm != null) {
            return voucher352(dm);
        }
        long mid = number(query, "mid", -1);
        if (mid <= 0) {
            return error(-400, "mid missing or not a number");
        }
        String webId = QueryString.first(query, "w_webid");
        if (webId == null || !webId.equals(webIds.get(mid))) {
            return voucher352("w_webid missing or not the access_id of space " + mid + "'s page");
        }
        long pn = number(query, "pn", 1);
        long ps = number(query, "ps", 30);
        long tid = number(query, "tid", 0);
        String order = QueryString.first(query, "order");
        String keyword = QueryString.first(query, "keyword");
        if (pn < 1 || ps < 1 || ps > 50 || tid < 0) {
            return error(-400, "pn/ps/tid out of range");
        }
        Response fault = pageFault(ARC_SEARCH, (int) pn);
        if (fault != null) {
            return fault;
        }
        List<ObjectNode> all = new ArrayList<>();
        int n = config.uploadCount(mid);
        int[] zones = {17, 160, 188};
        Map<Integer, Integer> tlist = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            ObjectNode v = template("community/space_arc_search.json", "/data/list/vlist/0");
            long aid = 100_000_000L + Math.floorMod(mid, 100_000L) * 1000 + i;
            int zone = zones[i % zones.length];
            v.put("aid", aid).put("bvid", AvBv.toBvid(aid)).put("title", (i % 5 == 0 ? "教程 " : "投稿 ") + i)
                    .put("created", BASE_TIME - i * 86_400L).put("play", (i * 7919L) % 100_000)
                    .put("comment", i % 50).put("typeid", zone).put("mid", mid).put("author", "用户" + mid)
                    .put("length", String.format("%02d:%02d", 1 + i % 20, i % 60));
            v.put("favorites_fake", (i * 104_729L) % 10_000); // the stow order's key; not a real field
            boolean keep = (keyword == null || keyword.isEmpty() || v.path("title").asString().contains(keyword))
                    && (tid == 0 || zone == tid);
            tlist.merge(zone, 1, Integer::sum);
            if (keep) {
                all.add(v);
            }
        }
        if ("click".equals(order)) {
            all.sort(Comparator.comparingLong(v -> -v.path("play").asLong()));
        } else if ("stow".equals(order)) {
            all.sort(Comparator.comparingLong(v -> -v.path("favorites_fake").asLong()));
        } else if (order != null && !order.isEmpty() && !"pubdate".equals(order)) {
            return error(-400, "order must be pubdate, click or stow");
        }
        ObjectNode body = Fixtures.object("community/space_arc_search.json");
        ObjectNode data = (ObjectNode) body.get("data");
        ObjectNode list = (ObjectNode) data.get("list");
        ArrayNode vlist = list.putArray("vlist");
        for (long i = (pn - 1) * ps; i < Math.min(all.size(), pn * ps); i++) {
            ObjectNode v = all.get((int) i);
            v.remove("favorites_fake");
            vlist.add(v);
        }
        ObjectNode tl = list.putObject("tlist");
        tlist.forEach((zone, count) -> tl.putObject(Integer.toString(zone)).put("tid", zone).put("count", count)
                .put("name", "分区" + zone));
        data.putObject("page").put("pn", pn).put("ps", ps).put("count", all.size());
        return Response.json(Fixtures.write(body));
    }

    private Response relationStat(Request request) {
        List<Map.Entry<String, String>> query = QueryString.parse(request.rawQuery());
        long vmid = number(query, "vmid", -1);
        if (vmid <= 0) {
            return error(-400, "vmid missing or not a number");
        }
        // no example in the reference data: the fields the library reads (mid, following, whisper, black, follower)
        ObjectNode data = NODES.objectNode().put("mid", vmid).put("following", Math.floorMod(vmid, 500L))
                .put("whisper", 0).put("black", 0).put("follower", Math.floorMod(vmid, 100_000L) * 3);
        return ok(data);
    }

    // ------------------------------------------------------------------ dynamics

    private static final List<String> DYNAMIC_KINDS =
            List.of("DRAW", "AV", "FORWARD", "WORD", "ARTICLE", "LIVE", "COMMON_SQUARE");

    private static long dynamicId(long mid, int i) {
        return 900_000_000_000_000_000L + Math.floorMod(mid, 100_000L) * 100_000L + (99_999 - i);
    }

    private ObjectNode dynamicItem(long mid, int i) {
        ArrayNode examples = (ArrayNode) template("community/dynamic_feed_space.json", "/data").get("items");
        String kind = DYNAMIC_KINDS.get(i % DYNAMIC_KINDS.size());
        ObjectNode item;
        switch (kind) {
            case "DRAW" -> item = (ObjectNode) examples.get(0);
            case "AV" -> item = (ObjectNode) examples.get(1);
            case "FORWARD" -> item = (ObjectNode) examples.get(9); // a repost of a text dynamic
            case "WORD" -> {
                // a text dynamic: the example's forwards quote three of them
                item = (ObjectNode) examples.get(9).get("orig").deepCopy();
                ((ObjectNode) item.get("modules")).set("module_stat", examples.get(9).get("modules").get("module_stat"));
            }
            case "ARTICLE" -> {
                // the example has no article: an AV item with an article major in the doc's all.md shape
                item = (ObjectNode) examples.get(1);
                item.put("type", "DYNAMIC_TYPE_ARTICLE");
                ObjectNode major = ((ObjectNode) item.get("modules").get("module_dynamic")).putObject("major");
                major.put("type", "MAJOR_TYPE_ARTICLE");
                ObjectNode article = major.putObject("article").put("id", 40_000_000 + i).put("title", "专栏 " + i)
                        .put("desc", "摘要").put("jump_url", "//www.bilibili.com/read/cv" + (40_000_000 + i));
                article.putArray("covers").add("https://i0.hdslb.com/bfs/article/" + i + ".jpg");
                ((ObjectNode) item.get("basic")).put("comment_type", 12).put("comment_id_str",
                        Long.toString(40_000_000 + i)).put("rid_str", Long.toString(40_000_000 + i));
            }
            case "LIVE" -> {
                // the example has no live share: an AV item with a live major in the doc's all.md shape
                item = (ObjectNode) examples.get(1);
                item.put("type", "DYNAMIC_TYPE_LIVE");
                ObjectNode major = ((ObjectNode) item.get("modules").get("module_dynamic")).putObject("major");
                major.put("type", "MAJOR_TYPE_LIVE");
                major.putObject("live").put("id", 800_000 + i).put("title", "直播 " + i)
                        .put("cover", "https://i0.hdslb.com/bfs/live/" + i + ".jpg").put("live_state", 1);
            }
            default -> item = (ObjectNode) examples.get(8);
        }
        String id = Long.toString(dynamicId(mid, i));
        item.put("id_str", id);
        ObjectNode modules = (ObjectNode) item.get("modules");
        ((ObjectNode) modules.get("module_author")).put("mid", mid).put("name", "用户" + mid)
                .put("pub_ts", BASE_TIME - i * 3_600L);
        if (i != 0) {
            modules.remove("module_tag");
        } else if (!modules.has("module_tag")) {
            modules.putObject("module_tag").put("text", "置顶");
        }
        return item;
    }

    private Response feedSpace(Request request) {
        WbiVerdict verdict = state.verifyWbiAndBuvid3(request.rawQuery(), request.cookie("buvid3"));
        if (!verdict.valid()) {
            return voucher352(verdict.reason());
        }
        List<Map.Entry<String, String>> query = QueryString.parse(request.rawQuery());
        boolean loggedIn = state.accountForSessdata(request.cookie("SESSDATA")).isPresent();
        String dm = dmProblem(query);
        if (dm != null && !(loggedIn && "0".equals(QueryString.first(query, "dm_img_switch")))) {
            return voucher352(dm);
        }
        long mid = number(query, "host_mid", -1);
        if (mid <= 0) {
            return error(-400, "host_mid missing or not a number");
        }
        String offset = QueryString.first(query, "offset");
        int position = 0;
        if (offset != null && !offset.isEmpty()) {
            if (!DIGITS.matcher(offset).matches()) {
                return error(-400, "offset is not a dynamic id");
            }
            long last = Long.parseLong(offset);
            position = (int) (99_999 - (last - dynamicId(mid, 99_999))) + 1;
            if (position <= 0 || position > 99_999) {
                return error(-400, "offset is not a dynamic of this space");
            }
        }
        Response fault = pageFault(FEED_SPACE, position / DYNAMICS_PAGE + 1);
        if (fault != null) {
            return fault;
        }
        int n = config.dynamicCount(mid);
        int end = Math.min(n, position + DYNAMICS_PAGE);
        ObjectNode body = Fixtures.object("community/dynamic_feed_space.json");
        ObjectNode data = (ObjectNode) body.get("data");
        ArrayNode items = data.putArray("items");
        for (int i = position; i < end; i++) {
            items.add(dynamicItem(mid, i));
        }
        data.put("has_more", end < n).put("offset", end > position ? Long.toString(dynamicId(mid, end - 1)) : "");
        return Response.json(Fixtures.write(body));
    }

    // ------------------------------------------------------------------ favourites

    /** Folder k (1..4) of a user: 1 default (45 items), 2 public (65), 3 private (7), 4 public empty. */
    private static final int[] FOLDER_SIZES = {0, 45, 65, 7, 0};

    private static long folderId(long mid, int k) {
        long fid = mid * 10 + k;
        return fid * 100 + Math.floorMod(mid, 100L);
    }

    private Response favFolders(Request request) {
        List<Map.Entry<String, String>> query = QueryString.parse(request.rawQuery());
        long upMid = number(query, "up_mid", -1);
        if (upMid <= 0) {
            return error(-400, "up_mid missing or not a number");
        }
        Account viewer = state.accountForSessdata(request.cookie("SESSDATA")).orElse(null);
        boolean owner = viewer != null && viewer.mid() == upMid;
        ObjectNode body = Fixtures.object("community/fav_folders.json");
        ObjectNode data = (ObjectNode) body.get("data");
        ObjectNode template = (ObjectNode) data.get("list").get(0);
        ArrayNode list = data.putArray("list");
        for (int k = 1; k <= 4; k++) {
            if (k == 3 && !owner) {
                continue;
            }
            ObjectNode f = template.deepCopy();
            f.put("id", folderId(upMid, k)).put("fid", upMid * 10 + k).put("mid", upMid)
                    .put("attr", k == 1 ? 0 : k == 3 ? 23 : 22).put("title", k == 1 ? "默认收藏夹" : "收藏夹" + k)
                    .put("media_count", FOLDER_SIZES[k]);
            list.add(f);
        }
        data.put("count", list.size());
        return Response.json(Fixtures.write(body));
    }

    private Response favResources(Request request) {
        List<Map.Entry<String, String>> query = QueryString.parse(request.rawQuery());
        long mediaId = number(query, "media_id", -1);
        long pn = number(query, "pn", 1);
        long ps = number(query, "ps", -1);
        if (mediaId <= 0 || pn < 1 || ps < 1 || ps > 20) {
            return error(-400, "media_id missing, or ps not in 1..20, or pn < 1");
        }
        long fid = mediaId / 100;
        long owner = fid / 10;
        int k = (int) (fid % 10);
        if (owner <= 0 || k < 1 || k > 4 || folderId(owner, k) != mediaId) {
            return error(-404, "media_id " + mediaId + " is no folder");
        }
        if (k == 3) {
            Account viewer = state.accountForSessdata(request.cookie("SESSDATA")).orElse(null);
            if (viewer == null || viewer.mid() != owner) {
                // documented code, undocumented body: the common error shape
                return code(-403, "访问权限不足", "private folder of " + owner);
            }
        }
        Response fault = pageFault(FAV_RESOURCES, (int) pn);
        if (fault != null) {
            return fault;
        }
        int count = FOLDER_SIZES[k];
        ObjectNode body = Fixtures.object("community/fav_resources.json");
        ObjectNode data = (ObjectNode) body.get("data");
        ObjectNode info = (ObjectNode) data.get("info");
        info.put("id", mediaId).put("fid", fid).put("mid", owner).put("media_count", count)
                .put("title", k == 1 ? "默认收藏夹" : "收藏夹" + k);
        ObjectNode template = (ObjectNode) data.get("medias").get(0);
        ArrayNode medias = data.putArray("medias");
        for (long i = (pn - 1) * ps; i < Math.min(count, pn * ps); i++) {
            ObjectNode m = template.deepCopy();
            long aid = 200_000_000L + Math.floorMod(owner, 1000L) * 1000 + k * 100 + i;
            m.put("id", aid).put("bvid", AvBv.toBvid(aid)).put("bv_id", AvBv.toBvid(aid)).put("title", "收藏 " + i)
                    .put("fav_time", BASE_TIME - i * 600).put("attr", i == 3 ? 9 : 0);
            medias.add(m);
        }
        data.put("has_more", pn * ps < count);
        return Response.json(Fixtures.write(body));
    }
}
