package io.github.bilibiliapi.test.bilibili;

import io.github.bilibiliapi.test.RouteRegistry;
import io.github.bilibiliapi.test.RouteRequest;
import io.github.bilibiliapi.test.ServerContext;
import io.github.bilibiliapi.test.ServerModule;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The video routes of the fake bilibili: play URLs, the CDN, video danmaku and subtitles.
 *
 * <ul>
 *   <li>{@code GET /x/player/wbi/playurl} — WBI-signed; {@code cid} must be a part of the video (else -404).
 *       DASH ({@code fnval & 16}) or durl (MP4) by the flags asked; qualities withheld by credential as the web
 *       player does: anonymous ≤ 480P, logged in ≤ 1080P, premium everything; 4K needs {@code fnval & 128} and
 *       {@code fourk=1}, HDR {@code & 64}, Dolby Vision {@code & 512}, 8K {@code & 1024}, AV1 tracks
 *       {@code & 2048}, Dolby audio premium and {@code & 256}, Hi-Res FLAC premium. URLs expire 7200 s after the
 *       answer on the fake's clock and carry a signature over path, deadline, mirror and platform.</li>
 *   <li>{@code GET /upgcxcode/...} — the CDN (all mirrors; the mirror is the {@code os} parameter, since host
 *       redirection sends every host here): Range requests (206 + {@code Content-Range}, {@code ETag}); 403 on a bad
 *       signature, an expired {@code deadline}, or a {@code pc} URL without a {@code *.bilibili.com} Referer or
 *       without a User-Agent; a mirror can be made to fail ({@link State#failMirror}); a file can change
 *       ({@link State#changeFile}).</li>
 *   <li>{@code GET /x/v2/dm/wbi/web/seg.so} — WBI-signed; protobuf {@code DmSegMobileReply} written by
 *       {@link DmProtoEncoder}.</li>
 *   <li>{@code GET /{cid}.xml} (comment.bilibili.com) — the XML danmaku, raw-deflated with
 *       {@code Content-Encoding: deflate} as the real host sends it.</li>
 *   <li>{@code GET /x/player/wbi/v2} — WBI-signed; subtitles only for a logged-in account (two human tracks and an
 *       AI one); {@code GET /bfs/subtitle/{file}} (aisubtitle.hdslb.com) serves them while {@code auth_key} is
 *       current.</li>
 * </ul>
 */
public final class VideoModule implements ServerModule {

    static final String PLAYURL = "/x/player/wbi/playurl";
    static final String PLAYER_V2 = "/x/player/wbi/v2";
    static final String DM_SEG = "/x/v2/dm/wbi/web/seg.so";
    static final String CDN = "/upgcxcode/{a}/{b}/{cid}/{file}";
    static final String SUBTITLE = "/bfs/subtitle/{file}";
    static final String XML = "/{file}";

    /** The mirrors of every stream, base URL first: the {@code os} value and the host. */
    public static final List<String> MIRRORS = List.of("cosbv", "08cbv", "estgossbv");
    private static final Map<String, String> MIRROR_HOSTS = Map.of("cosbv", "upos-sz-mirrorcos.bilivideo.com",
            "08cbv", "upos-sz-mirror08c.bilivideo.com", "estgossbv", "upos-sz-estgoss.bilivideo.com");

    /** Every quality the fake's video has, best first. */
    static final int[] VIDEO_QUALITIES = {127, 126, 125, 120, 116, 112, 80, 64, 32, 16};
    private static final Map<Integer, String> DESCRIPTIONS = Map.of(127, "超高清 8K", 126, "杜比视界", 125,
            "真彩 HDR", 120, "超清 4K", 116, "高清 1080P60", 112, "高清 1080P+", 80, "高清 1080P", 64, "高清 720P", 32,
            "清晰 480P", 16, "流畅 360P");
    private static final int[] MP4_QUALITIES = {112, 80, 64, 32, 16};
    private static final int[] AUDIO = {30280, 30232, 30216};

    private final FakeBilibiliState bilibili;
    private final State state = new State();

    /** @param bilibili the shared state: WBI keys, accounts, clock */
    public VideoModule(FakeBilibiliState bilibili) {
        this.bilibili = Objects.requireNonNull(bilibili, "bilibili");
    }

    /** @return the video state tests configure */
    public State state() {
        return state;
    }

    @Override
    public void register(RouteRegistry routes, ServerContext ctx) {
        routes.get(PLAYURL, (in, out) -> json(out, playurl(in)));
        routes.get(PLAYER_V2, (in, out) -> json(out, playerV2(in)));
        routes.get(DM_SEG, this::dmSeg);
        routes.http("GET", CDN, this::cdn);
        routes.http("HEAD", CDN, this::cdn);
        routes.get(SUBTITLE, this::subtitle);
        routes.get(XML, this::xml);
    }

    // ------------------------------------------------------------------ state

    /** What tests configure and observe. Thread-safe. */
    public static final class State {
        private final Set<Long> premium = ConcurrentHashMap.newKeySet();
        private final Map<String, Integer> failingMirrors = new ConcurrentHashMap<>();
        private final Map<String, Integer> versions = new ConcurrentHashMap<>();
        private final Map<String, Integer> etagVersions = new ConcurrentHashMap<>();
        private final Map<String, Long> appended = new ConcurrentHashMap<>();
        private final Map<String, AtomicLong> mirrorRequests = new ConcurrentHashMap<>();
        private final AtomicLong cdnRequests = new AtomicLong();
        private final AtomicLong playurlRequests = new AtomicLong();
        private final String secret = Crypto.randomHex(16);
        private volatile long trackSize = 700_000;
        private volatile int danmakuPerSegment = 40;
        private volatile long failCdnAfter = Long.MAX_VALUE;

        /** @param mid an account id to treat as premium (大会员) */
        public void addPremium(long mid) {
            premium.add(mid);
        }

        /**
         * Makes a mirror fail.
         *
         * @param os     a value of {@link #MIRRORS}
         * @param status the HTTP status to answer, or 0 to never answer (a timeout)
         */
        public void failMirror(String os, int status) {
            failingMirrors.put(os, status);
        }

        /** Every mirror works again and the CDN stops failing. */
        public void healMirrors() {
            failingMirrors.clear();
            failCdnAfter = Long.MAX_VALUE;
        }

        /**
         * After {@code n} more CDN requests every CDN request answers 503 (a crash or an outage mid-way).
         *
         * @param n requests still served
         */
        public void failCdnAfter(long n) {
            failCdnAfter = cdnRequests.get() + n;
        }

        /**
         * Changes a file's content and ETag (a re-encode on the server).
         *
         * @param fileName the last path segment of the stream URL
         */
        public void changeFile(String fileName) {
            versions.merge(fileName, 1, Integer::sum);
        }

        /**
         * Changes only a file's ETag: same size and bytes (a server that re-stamps files).
         *
         * @param fileName the last path segment of the stream URL
         */
        public void changeEtag(String fileName) {
            etagVersions.merge(fileName, 1, Integer::sum);
        }

        /**
         * Makes a file longer without changing its ETag or its first bytes (a server that does not re-stamp).
         *
         * @param fileName the last path segment of the stream URL
         * @param bytes    how many bytes to append
         */
        public void append(String fileName, long bytes) {
            appended.merge(fileName, bytes, Long::sum);
        }

        /** @param bytes size of every track file from now on */
        public void setTrackSize(long bytes) {
            trackSize = bytes;
        }

        /** @return size of every track file */
        public long trackSize() {
            return trackSize;
        }

        /** @param n danmaku per seg.so segment */
        public void setDanmakuPerSegment(int n) {
            danmakuPerSegment = n;
        }

        /** @return danmaku per seg.so segment */
        public int danmakuPerSegment() {
            return danmakuPerSegment;
        }

        /** @param os a mirror @return CDN requests it received */
        public long mirrorRequests(String os) {
            AtomicLong n = mirrorRequests.get(os);
            return n == null ? 0 : n.get();
        }

        /** @return CDN requests received */
        public long cdnRequests() {
            return cdnRequests.get();
        }

        /** @return play-URL requests received */
        public long playurlRequests() {
            return playurlRequests.get();
        }

        int version(String file) {
            return versions.getOrDefault(file, 0);
        }

        /**
         * The bytes a CDN file holds, for tests to compare with.
         *
         * @param fileName the last path segment
         * @param offset   first byte
         * @param length   how many
         * @return the content
         */
        public byte[] content(String fileName, long offset, int length) {
            byte[] out = new byte[length];
            Content.fill(seed(fileName), offset, out, 0, length);
            return out;
        }

        long seed(String fileName) {
            return fileName.hashCode() * 1_000_003L + version(fileName) * 7_919L;
        }

        long size(String fileName) {
            return trackSize + (fileName.hashCode() & 0x3FF) + version(fileName) * 17L
                    + appended.getOrDefault(fileName, 0L);
        }

        String etag(String fileName) {
            int stamp = etagVersions.getOrDefault(fileName, 0);
            return "\"" + Crypto.md5Hex(fileName + "#" + version(fileName) + "#" + stamp) + "\"";
        }

        String sign(String path, long deadline, String os, String platform) {
            return Crypto.md5Hex(secret + path + deadline + os + platform);
        }
    }

    /** Deterministic file content: a fixed random block read at a per-file offset. */
    static final class Content {
        static final byte[] BLOCK = new byte[(1 << 20) + 7];

        static {
            new Random(20_26_12_05L).nextBytes(BLOCK);
        }

        static void fill(long seed, long offset, byte[] out, int at, int length) {
            int pos = (int) Math.floorMod(offset + seed, (long) BLOCK.length);
            int written = 0;
            while (written < length) {
                int n = Math.min(length - written, BLOCK.length - pos);
                System.arraycopy(BLOCK, pos, out, at + written, n);
                written += n;
                pos = 0;
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Publisher<Void> json(HttpServerResponse out, FakeExchange.Response response) {
        return ReactorAdapter.write(response, false, out);
    }

    private static FakeExchange.Response error(String fixture, String reason) {
        return FakeExchange.Response.json(Fixtures.bytes(fixture)).withHeader("X-Fake-Reason", reason);
    }

    private static FakeExchange.Response code(int code, String message, String reason) {
        return FakeExchange.Response.json(("{\"code\":" + code + ",\"message\":\"" + message + "\",\"ttl\":1}")
                .getBytes(StandardCharsets.UTF_8)).withHeader("X-Fake-Reason", reason);
    }

    private int tier(RouteRequest in) {
        Account account = bilibili.accountForSessdata(in.cookies().get("SESSDATA")).orElse(null);
        if (account == null) {
            return 0;
        }
        return state.premium.contains(account.mid()) ? 2 : 1;
    }

    private static int tierOf(int qn) {
        return qn <= 32 ? 0 : qn <= 80 ? 1 : 2;
    }

    /** The video's parts: the fake's view answer names one cid for every aid. */
    private static long[] cidsAndDuration() {
        JsonNode view = Fixtures.object("rest/x_web-interface_view.json").get("data");
        return new long[] {view.path("cid").asLong(), view.path("duration").asLong()};
    }

    /** Checks aid/bvid, cid and WBI; returns an error answer or {@code null}. */
    private FakeExchange.Response checkVideo(RouteRequest in, List<Map.Entry<String, String>> query, String aidName) {
        WbiVerdict verdict = bilibili.verifyWbi(in.rawQuery());
        if (!verdict.valid()) {
            return code(-403, "访问权限不足", verdict.reason());
        }
        String aid = QueryString.first(query, aidName);
        String bvid = QueryString.first(query, "bvid");
        if ((aid == null || aid.isEmpty()) && (bvid == null || bvid.isEmpty())) {
            return error("errors/code-400_bad_request.json", aidName + " or bvid is required");
        }
        try {
            if (bvid != null && !bvid.isEmpty()) {
                AvBv.toAid(bvid);
            } else if (Long.parseLong(aid) <= 0) {
                return error("errors/code-400_bad_request.json", aidName + " is not positive");
            }
        } catch (IllegalArgumentException e) {
            return error("errors/code-400_bad_request.json", "aid/bvid malformed");
        }
        String cid = QueryString.first(query, "cid");
        if (cid == null || !cid.matches("[0-9]{1,18}")) {
            return error("errors/code-400_bad_request.json", "cid missing or not a number");
        }
        if (Long.parseLong(cid) != cidsAndDuration()[0]) {
            return error("errors/code-404_view_not_found.json", "cid " + cid + " is not a part of this video");
        }
        return null;
    }

    // ------------------------------------------------------------------ playurl

    private FakeExchange.Response playurl(RouteRequest in) {
        state.playurlRequests.incrementAndGet();
        List<Map.Entry<String, String>> query = QueryString.parse(in.rawQuery());
        FakeExchange.Response bad = checkVideo(in, query, "avid");
        if (bad != null) {
            return bad;
        }
        int qn;
        int fnval;
        try {
            String q = QueryString.first(query, "qn");
            String f = QueryString.first(query, "fnval");
            qn = q == null || q.isEmpty() ? -2 : Integer.parseInt(q);
            fnval = f == null || f.isEmpty() ? 1 : Integer.parseInt(f);
        } catch (NumberFormatException e) {
            return error("errors/code-400_bad_request.json", "qn/fnval not a number");
        }
        if (qn == -1 || qn < -2 || fnval < 0) {
            return error("errors/code-400_bad_request.json", "qn or fnval negative");
        }
        int tier = tier(in);
        if (qn == -2) {
            qn = tier == 0 ? 32 : 64;
        }
        boolean fourk = "1".equals(QueryString.first(query, "fourk"));
        String platform = QueryString.first(query, "platform");
        platform = platform == null || platform.isEmpty() ? "pc" : platform;
        long cid = Long.parseLong(QueryString.first(query, "cid"));
        long duration = cidsAndDuration()[1];
        long deadline = bilibili.nowSeconds() + 7200;
        boolean dash = (fnval & 16) != 0;
        ObjectNode body = Fixtures.object(dash ? "video/playurl_dash.json" : "video/playurl_durl.json");
        ObjectNode data = (ObjectNode) body.get("data");
        ArrayNode accept = data.putArray("accept_quality");
        ArrayNode descriptions = data.putArray("accept_description");
        for (int q : dash ? VIDEO_QUALITIES : MP4_QUALITIES) {
            accept.add(q);
            descriptions.add(DESCRIPTIONS.get(q));
        }
        data.remove("support_formats");
        data.put("timelength", duration * 1000);
        if (dash) {
            ObjectNode dashNode = (ObjectNode) data.get("dash");
            ObjectNode videoTemplate = (ObjectNode) dashNode.get("video").get(0);
            ObjectNode audioTemplate = (ObjectNode) dashNode.get("audio").get(0);
            ArrayNode video = dashNode.putArray("video");
            int best = 0;
            for (int q : VIDEO_QUALITIES) {
                if (!allowed(q, tier, fnval, fourk)) {
                    continue;
                }
                if (q <= Math.max(qn, 16) && q > best) {
                    best = q;
                }
                for (int codec : new int[] {7, 12, 13}) {
                    if ((codec == 7 && q >= 125) || (codec == 13 && (fnval & 2048) == 0)) {
                        continue; // no AVC for HDR/Dolby Vision/8K; AV1 only when asked
                    }
                    video.add(track(videoTemplate, q, codec, cid, deadline, platform, false));
                }
            }
            ArrayNode audio = dashNode.putArray("audio");
            for (int a : AUDIO) {
                audio.add(track(audioTemplate, a, 0, cid, deadline, platform, true));
            }
            // no documented example carries Dolby or Hi-Res tracks, so these shapes (dolby.audio[] objects,
            // flac.audio a single object) are the commonly described ones, not copied from a real answer
            ObjectNode dolby = dashNode.putObject("dolby");
            if (tier == 2 && (fnval & 256) != 0) {
                dolby.put("type", 1);
                dolby.putArray("audio").add(track(audioTemplate, 30250, 0, cid, deadline, platform, true));
            } else {
                dolby.put("type", 0);
                dolby.putNull("audio");
            }
            if (tier == 2) {
                ObjectNode flac = dashNode.putObject("flac");
                flac.put("display", true);
                flac.set("audio", track(audioTemplate, 30251, 0, cid, deadline, platform, true));
            } else {
                dashNode.putNull("flac");
            }
            dashNode.put("duration", duration);
            data.put("quality", best == 0 ? 16 : best);
        } else {
            // the fixture is an FLV-era durl capture; the MP4 shape (format mp4*, .mp4 file) is the fake's, as no
            // real MP4 durl capture is documented
            int got = 16;
            for (int q : MP4_QUALITIES) {
                if (q <= Math.max(qn, 16) && tierOf(q) <= tier) {
                    got = q;
                    break;
                }
            }
            data.put("quality", got);
            data.put("format", got == 16 ? "mp4" : "mp4" + (got >= 80 ? "1080" : got == 64 ? "720" : "480"));
            data.put("video_codecid", 7);
            ArrayNode durl = data.putArray("durl");
            ObjectNode seg = durl.addObject();
            String file = cid + "-1-" + (100000 + got) + ".mp4";
            String path = "/upgcxcode/" + (cid % 100) + "/" + (cid / 100 % 100) + "/" + cid + "/" + file;
            seg.put("order", 1);
            seg.put("length", duration * 1000);
            seg.put("size", state.size(file));
            seg.put("ahead", "");
            seg.put("vhead", "");
            seg.put("url", url(path, 0, deadline, platform));
            if (platform.equals("html5")) {
                seg.putNull("backup_url");
            } else {
                ArrayNode backups = seg.putArray("backup_url");
                for (int m = 1; m < MIRRORS.size(); m++) {
                    backups.add(url(path, m, deadline, platform));
                }
            }
        }
        return FakeExchange.Response.json(Fixtures.write(body));
    }

    private static boolean allowed(int q, int tier, int fnval, boolean fourk) {
        if (tierOf(q) > tier) {
            return false;
        }
        return switch (q) {
            case 120 -> (fnval & 128) != 0 && fourk;
            case 125 -> (fnval & 64) != 0;
            case 126 -> (fnval & 512) != 0;
            case 127 -> (fnval & 1024) != 0;
            default -> true;
        };
    }

    private ObjectNode track(ObjectNode template, int id, int codec, long cid, long deadline, String platform,
            boolean audio) {
        ObjectNode t = template.deepCopy();
        String file = cid + (audio ? "_nb3-1-" + id : "_f9-1-" + (100000 + id * 100 + codec)) + ".m4s";
        String path = "/upgcxcode/" + (cid % 100) + "/" + (cid / 100 % 100) + "/" + cid + "/" + file;
        String base = url(path, 0, deadline, platform);
        t.put("id", id);
        t.put("baseUrl", base);
        t.put("base_url", base);
        ArrayNode b1 = t.putArray("backupUrl");
        ArrayNode b2 = t.putArray("backup_url");
        for (int m = 1; m < MIRRORS.size(); m++) {
            b1.add(url(path, m, deadline, platform));
            b2.add(url(path, m, deadline, platform));
        }
        t.put("codecid", codec);
        if (!audio) {
            int height = switch (id) {
                case 127 -> 4320;
                case 120, 125, 126 -> 2160;
                case 112, 116, 80 -> 1080;
                case 64 -> 720;
                case 32 -> 480;
                default -> 360;
            };
            t.put("height", height);
            t.put("width", height * 16 / 9);
            String codecs = codec == 7 ? "avc1.640032" : codec == 12 ? "hev1.1.6.L150.90" : "av01.0.08M.08";
            t.put("codecs", codecs);
            t.put("bandwidth", 100_000L * id);
        } else {
            t.put("bandwidth", id == 30251 ? 1_500_000 : id == 30250 ? 640_000 : (id - 30000) * 500);
            t.put("codecs", id == 30251 ? "fLaC" : id == 30250 ? "ec-3" : "mp4a.40.2");
        }
        return t;
    }

    private String url(String path, int mirror, long deadline, String platform) {
        String os = MIRRORS.get(mirror);
        return "https://" + MIRROR_HOSTS.get(os) + path + "?e=ig8euxZM2rNcNbdlhoNvNC8BqJIzNbfq&uipk=5&nbs=1&deadline="
                + deadline + "&gen=playurlv3&os=" + os + "&oi=3028829496&trid=fake&mid=0&platform=" + platform
                + "&upsig=" + state.sign(path, deadline, os, platform)
                + "&uparams=e,uipk,nbs,deadline,gen,os,oi,trid,mid,platform&bvc=vod&nettype=0&orderid=" + mirror
                + ",3&agrr=1&bw=773719&logo=80000000";
    }

    // ------------------------------------------------------------------ CDN

    private Publisher<Void> cdn(RouteRequest in, HttpServerResponse out) {
        long n = state.cdnRequests.incrementAndGet();
        String os = in.queryParam("os");
        os = os == null ? "" : os;
        state.mirrorRequests.computeIfAbsent(os, k -> new AtomicLong()).incrementAndGet();
        if (n > state.failCdnAfter) {
            return status(out, 503, "CDN outage scripted by failCdnAfter");
        }
        Integer failing = state.failingMirrors.get(os);
        if (failing != null) {
            return failing == 0 ? Mono.never() : status(out, failing, "mirror " + os + " scripted to fail");
        }
        String path = in.path();
        String file = path.substring(path.lastIndexOf('/') + 1);
        String deadline = in.queryParam("deadline");
        String platform = in.queryParam("platform");
        String upsig = in.queryParam("upsig");
        if (deadline == null || platform == null || upsig == null || !deadline.matches("[0-9]{1,12}")
                || !upsig.equals(state.sign(path, Long.parseLong(deadline), os, platform))) {
            return status(out, 403, "bad upsig");
        }
        if (Long.parseLong(deadline) < bilibili.nowSeconds()) {
            return status(out, 403, "URL expired (deadline " + deadline + ")");
        }
        if (!platform.equals("html5")) {
            String referer = in.header("Referer");
            String ua = in.header("User-Agent");
            if (referer == null || !refererHost(referer).endsWith("bilibili.com")) {
                return status(out, 403, "Referer missing or not *.bilibili.com");
            }
            if (ua == null || ua.isBlank()) {
                return status(out, 403, "User-Agent missing");
            }
        }
        long size = state.size(file);
        String etag = state.etag(file);
        long from = 0;
        long to = size - 1;
        boolean partial = false;
        String range = in.header("Range");
        if (range != null) {
            var m = java.util.regex.Pattern.compile("bytes=(\\d+)-(\\d*)").matcher(range.trim());
            if (!m.matches()) {
                return status(out, 416, "malformed Range");
            }
            from = Long.parseLong(m.group(1));
            if (!m.group(2).isEmpty()) {
                to = Math.min(to, Long.parseLong(m.group(2)));
            }
            if (from >= size || from > to) {
                out.header("Content-Range", "bytes */" + size);
                return status(out, 416, "range not satisfiable");
            }
            partial = true;
        }
        long length = to - from + 1;
        out.status(partial ? 206 : 200);
        out.header("Content-Type", file.endsWith(".mp4") ? "video/mp4" : "video/iso.segment");
        out.header("Accept-Ranges", "bytes");
        out.header("ETag", etag);
        out.header("Content-Length", Long.toString(length));
        if (partial) {
            out.header("Content-Range", "bytes " + from + "-" + to + "/" + size);
        }
        if (in.method().equals("HEAD")) {
            return out.send();
        }
        long seed = state.seed(file);
        long start = from;
        int piece = 256 * 1024;
        long pieces = (length + piece - 1) / piece;
        Flux<ByteBuf> bodyFlux = Flux.range(0, (int) pieces).map(i -> {
            long off = start + (long) i * piece;
            int len = (int) Math.min(piece, start + length - off);
            byte[] bytes = new byte[len];
            Content.fill(seed, off, bytes, 0, len);
            return Unpooled.wrappedBuffer(bytes);
        });
        return out.send(bodyFlux);
    }

    private static String refererHost(String referer) {
        try {
            String host = java.net.URI.create(referer).getHost();
            return host == null ? "" : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static Mono<Void> status(HttpServerResponse out, int status, String reason) {
        out.status(status);
        out.header("X-Fake-Reason", reason);
        out.header("Content-Type", "text/html");
        byte[] body = ("<html><body>" + status + "</body></html>").getBytes(StandardCharsets.UTF_8);
        out.header("Content-Length", Integer.toString(body.length));
        return Mono.from(out.sendByteArray(Mono.just(body)));
    }

    // ------------------------------------------------------------------ danmaku

    private Publisher<Void> dmSeg(RouteRequest in, HttpServerResponse out) {
        WbiVerdict verdict = bilibili.verifyWbi(in.rawQuery());
        if (!verdict.valid()) {
            return json(out, code(-403, "访问权限不足", verdict.reason()));
        }
        List<Map.Entry<String, String>> query = QueryString.parse(in.rawQuery());
        String type = QueryString.first(query, "type");
        String oid = QueryString.first(query, "oid");
        String index = QueryString.first(query, "segment_index");
        if (!"1".equals(type) || oid == null || !oid.matches("[0-9]{1,18}") || index == null
                || !index.matches("[0-9]{1,6}")) {
            return json(out, error("errors/code-400_bad_request.json", "type=1, oid and segment_index required"));
        }
        long cid = Long.parseLong(oid);
        int segment = Integer.parseInt(index);
        long[] video = cidsAndDuration();
        byte[] body;
        // no error answer is documented for seg.so: an unknown cid or a segment past the end is an empty message
        if (cid != video[0] || segment < 1 || (segment - 1) * 360_000L >= video[1] * 1000) {
            body = new byte[0];
        } else {
            body = DmProtoEncoder.encode(danmaku(cid, segment), false);
        }
        out.status(200);
        out.header("Content-Type", "application/octet-stream");
        out.header("Content-Length", Integer.toString(body.length));
        return out.sendByteArray(Mono.just(body));
    }

    /**
     * The danmaku the fake serves in one segment.
     *
     * @param cid     the part
     * @param segment 1-based
     * @return the danmaku
     */
    public List<FakeDanmaku> danmaku(long cid, int segment) {
        return FakeDanmaku.segment(cid, segment, state.danmakuPerSegment, cidsAndDuration()[1] * 1000);
    }

    private Publisher<Void> xml(RouteRequest in, HttpServerResponse out) {
        String file = in.pathVariable("file");
        if (!file.matches("[0-9]{1,18}\\.xml")) {
            return status(out, 404, "not a {cid}.xml");
        }
        long cid = Long.parseLong(file.substring(0, file.length() - 4));
        long[] video = cidsAndDuration();
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><i><chatserver>chat.bilibili.com"
                + "</chatserver><chatid>" + cid + "</chatid><mission>0</mission><maxlimit>1500</maxlimit>"
                + "<state>0</state><real_name>0</real_name><source>k-v</source>");
        if (cid == video[0]) {
            int segments = (int) ((video[1] * 1000 + 359_999) / 360_000);
            for (int s = 1; s <= segments; s++) {
                for (FakeDanmaku d : danmaku(cid, s)) {
                    sb.append("<d p=\"").append(String.format(Locale.ROOT, "%.5f", d.progress() / 1000.0)).append(',')
                            .append(d.mode()).append(',').append(d.fontsize()).append(',').append(d.color())
                            .append(',').append(d.ctime()).append(',').append(d.pool()).append(',')
                            .append(d.midHash()).append(',').append(d.id()).append(',').append(d.weight())
                            .append("\">").append(escape(d.content())).append("</d>");
                }
            }
        }
        sb.append("</i>");
        byte[] deflated = deflateRaw(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.status(200);
        out.header("Content-Type", "text/xml");
        out.header("Content-Encoding", "deflate");
        out.header("Content-Length", Integer.toString(deflated.length));
        return out.sendByteArray(Mono.just(deflated));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static byte[] deflateRaw(byte[] input) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(input);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    // ------------------------------------------------------------------ subtitles

    private FakeExchange.Response playerV2(RouteRequest in) {
        List<Map.Entry<String, String>> query = QueryString.parse(in.rawQuery());
        FakeExchange.Response bad = checkVideo(in, query, "aid");
        if (bad != null) {
            return bad;
        }
        for (String dm : List.of("dm_img_list", "dm_img_str", "dm_cover_img_str", "dm_img_inter")) {
            String v = QueryString.first(query, dm);
            if (v == null || v.isEmpty()) {
                return code(-352, "风控校验失败", dm + " parameter missing");
            }
        }
        ObjectNode body = Fixtures.object("video/player_v2_logged_in.json");
        ObjectNode data = (ObjectNode) body.get("data");
        long cid = Long.parseLong(QueryString.first(query, "cid"));
        data.put("cid", cid);
        if (tier(in) == 0) {
            // no logged-out example is documented; the doc says the subtitle key is absent then
            data.remove("subtitle");
            data.put("need_login_subtitle", true);
            return FakeExchange.Response.json(Fixtures.write(body));
        }
        long expires = bilibili.nowSeconds() + 1800;
        ArrayNode subs = (ArrayNode) data.get("subtitle").get("subtitles");
        ObjectNode ai = ((ObjectNode) subs.get(0)).deepCopy();
        ai.put("lan", "ai-zh");
        ai.put("lan_doc", "中文（自动生成）");
        ai.put("id", 1_400_000_000_000_000_123L);
        ai.put("id_str", "1400000000000000123");
        ai.put("ai_type", 0);
        ai.put("ai_status", 2);
        ai.put("is_lock", false);
        subs.add(ai);
        for (JsonNode s : subs) {
            String name = s.path("lan").asString() + "-" + cid;
            ((ObjectNode) s).put("subtitle_url", "//aisubtitle.hdslb.com/bfs/subtitle/" + name + ".json?auth_key="
                    + expires + "-" + Crypto.randomHex(16) + "-0-" + Crypto.md5Hex(state.secret + name + expires));
        }
        return FakeExchange.Response.json(Fixtures.write(body));
    }

    private Publisher<Void> subtitle(RouteRequest in, HttpServerResponse out) {
        String file = in.pathVariable("file");
        String name = file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
        String auth = in.queryParam("auth_key");
        String[] parts = auth == null ? new String[0] : auth.split("-");
        if (parts.length != 4 || !parts[0].matches("[0-9]{1,12}")
                || !parts[3].equals(Crypto.md5Hex(state.secret + name + parts[0]))) {
            return status(out, 403, "auth_key missing or wrong");
        }
        if (Long.parseLong(parts[0]) < bilibili.nowSeconds()) {
            return status(out, 403, "auth_key expired");
        }
        ObjectNode body = Fixtures.JSON.createObjectNode();
        body.put("font_size", 0.4);
        body.put("font_color", "#FFFFFF");
        body.put("background_alpha", 0.5);
        body.put("background_color", "#9C27B0");
        body.put("Stroke", "none");
        if (name.startsWith("ai-")) {
            body.put("type", "AIsubtitle");
            body.put("lang", "zh");
            body.put("version", "v1.6.0.4");
        }
        ArrayNode lines = body.putArray("body");
        String[] texts = {"很多人可能不知道", "second line\nwith a break", "a --> b", "我们下期再见"};
        double[][] times = {{0.5, 1.58}, {61.25, 63.0}, {3599.999, 3601.5}, {3725.04, 3727.9}};
        for (int i = 0; i < texts.length; i++) {
            ObjectNode l = lines.addObject();
            l.put("from", times[i][0]);
            l.put("to", times[i][1]);
            l.put("sid", i + 1);
            l.put("location", 2);
            l.put("content", (name.startsWith("en") ? "[en] " : "") + texts[i]);
            l.put("music", 0.0);
        }
        return json(out, FakeExchange.Response.json(Fixtures.write(body)));
    }

    @Override
    public String toString() {
        return "VideoModule" + List.of(PLAYURL, PLAYER_V2, DM_SEG, CDN, SUBTITLE, XML);
    }
}
