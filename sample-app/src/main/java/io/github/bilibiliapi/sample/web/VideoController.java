package io.github.bilibiliapi.sample.web;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.video.DanmakuAss;
import io.github.bilibiliapi.video.DownloadResult;
import io.github.bilibiliapi.video.StreamSelector;
import io.github.bilibiliapi.video.Subtitle;
import io.github.bilibiliapi.video.SubtitleTrack;
import io.github.bilibiliapi.video.VideoDownloader;
import io.github.bilibiliapi.video.VideoPage;
import io.github.bilibiliapi.video.VideoQuality;
import io.github.bilibiliapi.video.VideoService;
import io.github.bilibiliapi.video.PlayUrlRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A video's first part as files: the best DASH video and audio streams downloaded (resumable, in Range chunks from
 * the CDN), its subtitles as SRT/WebVTT, its danmaku as an ASS file. In the offline profile every one of these hosts
 * (the CDN, comment.bilibili.com, aisubtitle.hdslb.com) is the fake, through the default host redirection.
 */
@RestController
@RequestMapping("/api/videos/{bvid}")
class VideoController {

    private static final MediaType TEXT = new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8);

    private final VideoService videos;
    private final VideoDownloader downloader;
    private final Path downloads;

    VideoController(VideoService videos, BiliContext context,
            @Value("${sample.downloads.dir:${java.io.tmpdir}/bilibili-sample-downloads}") Path downloads)
            throws IOException {
        this.videos = videos;
        this.downloader = VideoDownloader.builder(context).build();
        this.downloads = Files.createDirectories(downloads);
    }

    /**
     * Downloads the first part's video (up to {@code maxQn}) and audio into the downloads directory; a second call
     * resumes or finds the files done.
     */
    @PostMapping("/download")
    CompletableFuture<Map<String, Object>> download(@PathVariable String bvid,
            @RequestParam(defaultValue = "80") int maxQn) {
        VideoQuality max = VideoQuality.ofQn(maxQn)
                .orElseThrow(() -> new IllegalArgumentException("maxQn is not a bilibili quality: " + maxQn));
        StreamSelector selector = StreamSelector.builder().maxQuality(max).build();
        return firstPage(bvid).thenCompose(page -> videos.getPlayUrl(bvid, page.cid(), PlayUrlRequest.dash())
                .thenCompose(play -> {
                    StreamSelector.Selection pick = selector.select(play);
                    Path video = downloads.resolve(bvid + "-" + page.cid() + ".video.m4s");
                    Path audio = downloads.resolve(bvid + "-" + page.cid() + ".audio.m4s");
                    CompletableFuture<DownloadResult> v = downloader.download(pick.video(), video).result();
                    CompletableFuture<DownloadResult> a = downloader.download(pick.audio(), audio).result();
                    return v.thenCombine(a, (vr, ar) -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("quality", pick.video().id());
                        m.put("video", view(vr));
                        m.put("audio", view(ar));
                        m.put("explanations", pick.explanations());
                        m.put("mux", "ffmpeg -i " + video.getFileName() + " -i " + audio.getFileName()
                                + " -c copy " + bvid + ".mp4");
                        return m;
                    });
                }));
    }

    /** The first part's subtitle tracks (AI ones need a login). */
    @GetMapping("/subtitles")
    CompletableFuture<List<Map<String, Object>>> subtitles(@PathVariable String bvid) {
        return firstPage(bvid).thenCompose(page -> videos.getSubtitles(bvid, page.cid()))
                .thenApply(info -> info.tracks().stream().map(VideoController::view).toList());
    }

    /** One subtitle track as SubRip ({@code format=srt}, the default) or WebVTT ({@code format=vtt}). */
    @GetMapping("/subtitles/{lan}")
    CompletableFuture<ResponseEntity<String>> subtitle(@PathVariable String bvid, @PathVariable String lan,
            @RequestParam(defaultValue = "srt") String format) {
        if (!format.equals("srt") && !format.equals("vtt")) {
            throw new IllegalArgumentException("format must be srt or vtt, got: " + format);
        }
        return firstPage(bvid).thenCompose(page -> videos.getSubtitles(bvid, page.cid()))
                .thenCompose(info -> {
                    SubtitleTrack track = info.tracks().stream().filter(t -> t.lan().equals(lan)).findFirst()
                            .orElse(null);
                    if (track == null) {
                        return CompletableFuture.completedFuture(ResponseEntity.notFound().<String>build());
                    }
                    return videos.getSubtitle(track).thenApply(s -> ResponseEntity.ok().contentType(TEXT)
                            .body(format.equals("srt") ? s.toSrt() : s.toWebVtt()));
                });
    }

    /** The first part's danmaku (every 6-minute segment) as an ASS file for the given video resolution. */
    @GetMapping("/danmaku.ass")
    CompletableFuture<ResponseEntity<String>> danmakuAss(@PathVariable String bvid,
            @RequestParam(defaultValue = "1920") int width, @RequestParam(defaultValue = "1080") int height) {
        DanmakuAss ass = DanmakuAss.builder(width, height).title(bvid).build();
        return videos.getVideoInfo(bvid).thenApply(info -> {
            VideoPage page = info.pageList().get(0);
            String text = ass.toAss(videos.danmaku(info.aid(), page.cid(), page.durationSeconds()).toList());
            return ResponseEntity.ok().contentType(TEXT).body(text);
        });
    }

    private CompletableFuture<VideoPage> firstPage(String bvid) {
        return videos.getPages(bvid).thenApply(pages -> pages.get(0));
    }

    private static Map<String, Object> view(DownloadResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", r.file().getFileName().toString());
        m.put("size", r.size());
        m.put("resumedBytes", r.resumedBytes());
        return m;
    }

    private static Map<String, Object> view(SubtitleTrack t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lan", t.lan());
        m.put("lanDoc", t.lanDoc());
        m.put("ai", t.ai());
        return m;
    }
}
