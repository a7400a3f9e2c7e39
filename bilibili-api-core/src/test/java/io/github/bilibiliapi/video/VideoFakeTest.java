package io.github.bilibiliapi.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.api.Backends;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.Credential;
import io.github.bilibiliapi.api.FakeEnv;
import io.github.bilibiliapi.api.NetworkException;
import io.github.bilibiliapi.api.ResponseCodeException;
import io.github.bilibiliapi.api.RiskControl;
import io.github.bilibiliapi.api.RiskControlException;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.test.Fault;
import io.github.bilibiliapi.test.bilibili.FakeBilibiliState;
import io.github.bilibiliapi.test.bilibili.FakeDanmaku;
import io.github.bilibiliapi.test.bilibili.VideoModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Play URLs, stream selection, the downloader, danmaku and subtitles against the fake bilibili, on every backend. */
class VideoFakeTest {

    static final String BVID = "BV17x411w7KC";
    static final long AID = 170001;
    static final long CID = 146044693; // the fake's view answer names this part for every video
    static final int CHUNK = 64 * 1024;

    @TempDir
    Path dir;

    static Stream<Named<Supplier<BiliApiClient>>> backends() {
        return Backends.all();
    }

    /** A context on the fake: the default redirection covers the CDN, comment and subtitle hosts. */
    static BiliContext context(FakeEnv env, Credential credential) {
        return env.contextBuilder(s -> { }).credential(credential).build();
    }

    static VideoModule video(FakeEnv env) {
        return env.server.module(VideoModule.class);
    }

    static Credential premium(FakeEnv env) {
        video(env).state().addPremium(FakeBilibiliState.DEFAULT_MID);
        return FakeEnv.ACCOUNT;
    }

    static String fileName(MediaStream s) {
        String path = VideoDownloader.safe(s.baseUrl());
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static void assertSameBytes(FakeEnv env, MediaStream stream, Path file) throws Exception {
        byte[] got = Files.readAllBytes(file);
        byte[] want = video(env).state().content(fileName(stream), 0, got.length);
        assertThat((long) got.length).isGreaterThanOrEqualTo(video(env).state().trackSize());
        assertThat(got).isEqualTo(want);
    }

    // ------------------------------------------------------------------------------------------------ play URLs

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void dashQualitiesByCredential(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            PlayUrl anonymous = new VideoService(context(env, Credential.empty()))
                    .getPlayUrl(BVID, CID, PlayUrlRequest.dash()).join();
            assertThat(anonymous.isDash()).isTrue();
            assertThat(anonymous.dash().video()).extracting(DashStream::id).containsOnly(32, 16);
            assertThat(anonymous.dash().video()).extracting(DashStream::codecid).contains(7, 12, 13);
            assertThat(anonymous.dash().audio()).extracting(DashStream::id).containsExactly(30280, 30232, 30216);
            assertThat(anonymous.dash().flac()).isNull();
            assertThat(anonymous.dash().dolbyAudio()).isEmpty();
            assertThat(anonymous.acceptQualities()).contains(127, 80, 16);
            DashStream v = anonymous.dash().video().get(0);
            assertThat(v.backupUrls()).hasSize(2);
            assertThat(v.segmentBase().initialization()).isNotEmpty();
            assertThat(v.baseUrl()).contains("upos-sz-mirrorcos.bilivideo.com", "deadline=");
            String query = env.server.lastRequest("/x/player/wbi/playurl").rawQuery();
            assertThat(query).contains("bvid=" + BVID, "cid=" + CID, "fnval=4048", "fourk=1", "qn=127", "w_rid=");

            StreamSelector.Selection s = StreamSelector.defaults().select(anonymous);
            assertThat(s.video().id()).isEqualTo(32);
            assertThat(s.video().codec()).contains(VideoCodec.AVC);
            assertThat(s.audio().audioQuality()).contains(AudioQuality.K192);
            assertThat(s.explanations()).contains("720P needs login (got 480P)");

            PlayUrl login = new VideoService(context(env, FakeEnv.ACCOUNT)).getPlayUrl(AID, CID, PlayUrlRequest.dash())
                    .join();
            assertThat(login.dash().video()).extracting(DashStream::id).containsOnly(80, 64, 32, 16);
            assertThat(StreamSelector.defaults().select(login).explanations())
                    .contains("1080P+ needs a premium account (got 1080P)");

            PlayUrl vip = new VideoService(context(env, premium(env))).getPlayUrl(BVID, CID, PlayUrlRequest.dash())
                    .join();
            assertThat(vip.dash().video()).extracting(DashStream::id).contains(127, 126, 125, 120, 116, 112, 80);
            assertThat(vip.dash().flac().audioQuality()).contains(AudioQuality.HI_RES);
            assertThat(vip.dash().dolbyType()).isEqualTo(1);
            assertThat(vip.dash().dolbyAudio()).extracting(DashStream::id).containsExactly(30250);
            StreamSelector.Selection best = StreamSelector.builder()
                    .codecs(List.of(VideoCodec.HEVC, VideoCodec.AVC)).build().select(vip);
            assertThat(best.video().id()).isEqualTo(127);
            assertThat(best.video().codec()).contains(VideoCodec.HEVC);
            assertThat(best.audio().id()).isEqualTo(30251);
            assertThat(best.explanations()).isEmpty();
            StreamSelector.Selection capped = StreamSelector.builder().maxQuality(VideoQuality.Q1080P60)
                    .codecs(List.of(VideoCodec.AV1)).audio(List.of(AudioQuality.K132)).build().select(vip);
            assertThat(capped.video().id()).isEqualTo(116);
            assertThat(capped.video().codec()).contains(VideoCodec.AV1);
            assertThat(capped.audio().id()).isEqualTo(30232);

            // premium, but 4K/HDR/8K not asked for: the flag is the barrier
            PlayUrl noFlags = new VideoService(context(env, FakeEnv.ACCOUNT)).getPlayUrl(BVID, CID,
                    PlayUrlRequest.builder().formats(EnumSet.of(StreamFormat.DASH)).fourk(false).build()).join();
            assertThat(noFlags.dash().video()).extracting(DashStream::id).doesNotContain(120, 125, 126, 127, 13);
            assertThat(StreamSelector.defaults().select(noFlags).explanations())
                    .containsExactly("4K needs the FOUR_K format and fourk (got 1080P60)");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void mp4DurlAndBadInput(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            VideoService anonymous = new VideoService(context(env, Credential.empty()));
            PlayUrl mp4 = anonymous.getPlayUrl(BVID, CID, PlayUrlRequest.mp4(VideoQuality.Q1080P)).join();
            assertThat(mp4.isDash()).isFalse();
            assertThat(mp4.quality()).isEqualTo(32);
            assertThat(mp4.durl()).hasSize(1);
            DurlSegment seg = mp4.durl().get(0);
            assertThat(seg.order()).isEqualTo(1);
            assertThat(seg.size()).isPositive();
            assertThat(seg.backupUrls()).hasSize(2);
            assertThat(seg.baseUrl()).contains(".mp4?");
            assertThat(env.server.lastRequest("/x/player/wbi/playurl").rawQuery()).contains("fnval=1", "qn=80");
            assertThat(StreamSelector.defaults().select(mp4).explanations())
                    .containsExactly("720P needs login (got 480P)");
            PlayUrl loggedIn = new VideoService(context(env, FakeEnv.ACCOUNT))
                    .getPlayUrl(BVID, CID, PlayUrlRequest.mp4(VideoQuality.Q1080P)).join();
            assertThat(loggedIn.quality()).isEqualTo(80);
            assertThat(loggedIn.videoQuality()).contains(VideoQuality.Q1080P);
            PlayUrl html5 = anonymous.getPlayUrl(BVID, CID, PlayUrlRequest.builder().quality(VideoQuality.Q480P)
                    .formats(EnumSet.of(StreamFormat.MP4)).fourk(false).platform("html5").build()).join();
            assertThat(html5.durl().get(0).backupUrls()).isEmpty();

            // a cid of another video: the site answers -404
            assertThatThrownBy(() -> anonymous.getPlayUrl(BVID, 42, PlayUrlRequest.dash()).join())
                    .isInstanceOf(CompletionException.class).cause()
                    .isInstanceOfSatisfying(ResponseCodeException.class, e -> assertThat(e.code()).isEqualTo(-404));
            long before = env.server.requestCount("/x/player/wbi/playurl");
            assertThatThrownBy(() -> PlayUrlRequest.builder().qn(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("qn");
            assertThatThrownBy(() -> PlayUrlRequest.builder().qn(99)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> PlayUrlRequest.builder().formats(EnumSet.of(StreamFormat.MP4,
                    StreamFormat.DASH)).build()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("formats");
            assertThatThrownBy(() -> anonymous.getPlayUrl(BVID, 0, PlayUrlRequest.dash()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cid");
            assertThatThrownBy(() -> anonymous.getPlayUrl("BV1xx", CID, PlayUrlRequest.dash()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bvid");
            assertThatThrownBy(() -> anonymous.getPlayUrl(-5, CID, PlayUrlRequest.dash()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aid");
            assertThat(env.server.requestCount("/x/player/wbi/playurl")).isEqualTo(before);

            List<VideoPage> pages = anonymous.getPages(BVID).join();
            assertThat(pages).extracting(VideoPage::cid).containsExactly(CID);
            assertThat(pages.get(0).durationSeconds()).isEqualTo(486);
        }
    }

    // ------------------------------------------------------------------------------------------------ downloads

    static VideoDownloader downloader(BiliContext ctx, int parallelism) {
        return VideoDownloader.builder(ctx).chunkSize(CHUNK).parallelism(parallelism).build();
    }

    static DashStream videoTrack(BiliContext ctx) {
        PlayUrl p = new VideoService(ctx).getPlayUrl(BVID, CID, PlayUrlRequest.dash()).join();
        return StreamSelector.defaults().select(p).video();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void downloadsWithRefererInChunksAndReportsProgress(Supplier<BiliApiClient> backend) throws Exception {
        try (FakeEnv env = new FakeEnv(backend)) {
            BiliContext ctx = context(env, Credential.empty());
            DashStream track = videoTrack(ctx);
            // the CDN refuses a request without the Referer
            BiliApiResponse bare = env.client.request(BiliApiRequest.get(ctx.resolveUrl(track.baseUrl()))
                    .header("User-Agent", "x").build()).join();
            assertThat(bare.code()).isEqualTo(403);

            List<DownloadProgress> progress = new CopyOnWriteArrayList<>();
            Path target = dir.resolve("video.m4s");
            DownloadResult result = downloader(ctx, 3).download(track, target, progress::add).join();
            assertSameBytes(env, track, target);
            assertThat(result.size()).isEqualTo(Files.size(target));
            assertThat(result.etag()).isNotBlank();
            assertThat(result.refreshed()).isFalse();
            long chunks = (result.size() + CHUNK - 1) / CHUNK;
            assertThat(progress).hasSize((int) chunks);
            assertThat(progress.get(progress.size() - 1).bytesDone()).isEqualTo(result.size());
            assertThat(progress).extracting(DownloadProgress::bytesDone).isSorted();
            assertThat(progress.get(0).totalBytes()).isEqualTo(result.size());
            assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly("video.m4s");
            var cdn = env.server.recentRequests().stream().filter(r -> r.path().startsWith("/upgcxcode/")
                    && r.header("Range") != null).toList();
            assertThat(cdn).hasSize((int) chunks);
            assertThat(cdn).allSatisfy(r -> {
                assertThat(r.header("Referer")).isEqualTo("https://www.bilibili.com/");
                assertThat(r.header("Cookie")).isNull();
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void failsOverToBackupUrls(Supplier<BiliApiClient> backend) throws Exception {
        try (FakeEnv env = new FakeEnv(backend)) {
            BiliContext ctx = context(env, Credential.empty());
            DashStream track = videoTrack(ctx);
            video(env).state().failMirror("cosbv", 404);
            video(env).state().failMirror("08cbv", 503);
            Path target = dir.resolve("failover.m4s");
            DownloadResult result = downloader(ctx, 2).download(track, target).join();
            assertSameBytes(env, track, target);
            assertThat(result.failovers()).isGreaterThanOrEqualTo(2);
            long chunks = (result.size() + CHUNK - 1) / CHUNK;
            // later chunks start with the mirror that worked
            assertThat(video(env).state().mirrorRequests("estgossbv")).isEqualTo(chunks);
            assertThat(video(env).state().mirrorRequests("cosbv")).isLessThan(chunks);

            // every mirror down (not expired): a clear failure naming the URLs, partial file kept for a resume
            video(env).state().failMirror("estgossbv", 500);
            Path second = dir.resolve("down.m4s");
            assertThatThrownBy(() -> downloader(ctx, 2).download(track, second).join())
                    .isInstanceOf(CompletionException.class).cause().isInstanceOf(DownloadException.class)
                    .hasMessageContaining("HTTP 404").hasMessageContaining("HTTP 500")
                    .hasMessageNotContaining("upsig");
            assertThat(second).doesNotExist();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void expiredUrlsAreFetchedAgainOnce(Supplier<BiliApiClient> backend) throws Exception {
        try (FakeEnv env = new FakeEnv(backend)) {
            BiliContext ctx = context(env, Credential.empty());
            DashStream track = videoTrack(ctx);
            assertThat(video(env).state().playurlRequests()).isEqualTo(1);
            env.clock.advance(Duration.ofMinutes(121));
            Path target = dir.resolve("late.m4s");
            DownloadResult result = downloader(ctx, 2).download(track, target).join();
            assertSameBytes(env, track, target);
            assertThat(result.refreshed()).isTrue();
            assertThat(video(env).state().playurlRequests()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void resumesAnInterruptedDownloadWithIdenticalBytes(Supplier<BiliApiClient> backend) throws Exception {
        try (FakeEnv env = new FakeEnv(backend)) {
            BiliContext ctx = context(env, Credential.empty());
            DashStream track = videoTrack(ctx);
            Path target = dir.resolve("resume.m4s");
            video(env).state().failCdnAfter(4); // the outage hits mid-way
            assertThatThrownBy(() -> downloader(ctx, 1).download(track, target).join())
                    .isInstanceOf(CompletionException.class).cause().isInstanceOf(DownloadException.class)
                    .hasMessageContaining("HTTP 503");
            assertThat(target).doesNotExist();
            assertThat(dir.resolve("resume.m4s.part")).exists();
            assertThat(dir.resolve("resume.m4s.part.meta")).exists();

            video(env).state().healMirrors();
            long before = video(env).state().cdnRequests();
            DownloadResult result = downloader(ctx, 2).download(track, target).join();
            assertSameBytes(env, track, target);
            assertThat(result.resumedBytes()).isEqualTo(4L * CHUNK);
            long chunks = (result.size() + CHUNK - 1) / CHUNK;
            assertThat(video(env).state().cdnRequests() - before).isEqualTo(chunks - 4);
            assertThat(dir.resolve("resume.m4s.part")).doesNotExist();
            assertThat(dir.resolve("resume.m4s.part.meta")).doesNotExist();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void anEditedOrTornRecordIsIgnoredAndTheDownloadStartsOver(Supplier<BiliApiClient> backend) throws Exception {
        try (FakeEnv env = new FakeEnv(backend)) {
            BiliContext ctx = context(env, Credential.empty());
            DashStream track = videoTrack(ctx);
            Path target = dir.resolve("torn.m4s");
            video(env).state().failCdnAfter(4);
            assertThatThrownBy(() -> downloader(ctx, 1).download(track, target).join())
                    .isInstanceOf(CompletionException.class);
            Path meta = dir.resolve("torn.m4s.part.meta");
            String record = Files.readString(meta, java.nio.charset.StandardCharsets.UTF_8);
            assertThat(record).contains("done=0-3\n");
            // a record that claims less than the checksum covers: a torn or foreign write, not to be trusted
            Files.writeString(meta, record.replace("done=0-3\n", "done=0-2\n"),
                    java.nio.charset.StandardCharsets.UTF_8);

            video(env).state().healMirrors();
            DownloadResult result = downloader(ctx, 2).download(track, target).join();
            assertThat(result.resumedBytes()).isZero();
            assertSameBytes(env, track, target);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void resumesAfterTheDownloadingProcessIsKilled(Supplier<BiliApiClient> backend) throws Exception {
        try (FakeEnv env = new FakeEnv(backend)) {
            Path target = dir.resolve("killed.m4s");
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(javaBin, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                    DownloadChild.class.getName(), env.server.httpBaseUrl(), target.toString(), "5")
                    .redirectErrorStream(true).start();
            try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null && !line.startsWith("STOPPED")) {
                    assertThat(line).doesNotStartWith("FINISHED");
                }
                assertThat(line).startsWith("STOPPED");
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
                assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            } finally {
                child.destroyForcibly();
            }
            assertThat(target).doesNotExist();
            assertThat(dir.resolve("killed.m4s.part")).exists();

            BiliContext ctx = context(env, Credential.empty());
            DashStream track = videoTrack(ctx);
            DownloadResult result = downloader(ctx, 3).download(track, target).join();
            assertThat(result.resumedBytes()).isEqualTo(5L * CHUNK);
            assertSameBytes(env, track, target);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void cancelKeepsThePartialFileForAResume(Supplier<BiliApiClient> backend) throws Exception {
        try (FakeEnv env = new FakeEnv(backend)) {
            BiliContext ctx = context(env, Credential.empty());
            DashStream track = videoTrack(ctx);
            Path target = dir.resolve("cancel.m4s");
            DownloadTask[] task = new DownloadTask[1];
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            task[0] = downloader(ctx, 1).download(track, target, p -> {
                try {
                    started.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (p.bytesDone() >= 2L * CHUNK) {
                    task[0].cancel();
                }
            });
            started.countDown();
            assertThatThrownBy(() -> task[0].result().get(30, java.util.concurrent.TimeUnit.SECONDS))
                    .isInstanceOf(CancellationException.class);
            assertThat(target).doesNotExist();
            assertThat(dir.resolve("cancel.m4s.part")).exists();
            DownloadResult result = downloader(ctx, 4).download(track, target).join();
            assertThat(result.resumedBytes()).isGreaterThanOrEqualTo(2L * CHUNK);
            assertSameBytes(env, track, target);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aFileChangedBetweenChunksFailsWithoutWritingGarbage(Supplier<BiliApiClient> backend) throws Exception {
        try (FakeEnv env = new FakeEnv(backend)) {
            BiliContext ctx = context(env, Credential.empty());
            DashStream track = videoTrack(ctx);
            Path target = dir.resolve("changed.m4s");
            Files.writeString(target, "an older file stays untouched");
            DownloadTask task = downloader(ctx, 1).download(track, target, p -> {
                if (p.bytesDone() == CHUNK) {
                    video(env).state().changeFile(fileName(track));
                }
            });
            assertThatThrownBy(task::join).isInstanceOf(CompletionException.class).cause()
                    .isInstanceOf(FileChangedException.class).hasMessageContaining("changed on the server");
            assertThat(Files.readString(target)).isEqualTo("an older file stays untouched");
            assertThat(dir.resolve("changed.m4s.part")).doesNotExist();
            assertThat(dir.resolve("changed.m4s.part.meta")).doesNotExist();

            // bad input: before any I/O
            long before = video(env).state().cdnRequests();
            VideoDownloader d = downloader(ctx, 1);
            assertThatThrownBy(() -> d.download(track, dir.resolve("missing/dir/x.m4s")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target");
            assertThatThrownBy(() -> d.download(track, dir)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("directory");
            assertThatThrownBy(() -> VideoDownloader.builder(ctx).chunkSize(100))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunkSize");
            assertThatThrownBy(() -> VideoDownloader.builder(ctx).parallelism(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parallelism");
            assertThat(video(env).state().cdnRequests()).isEqualTo(before);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aSizeOrEtagChangeAloneIsCaughtAndAChangeBeforeAResumeStartsOver(Supplier<BiliApiClient> backend)
            throws Exception {
        try (FakeEnv env = new FakeEnv(backend)) {
            BiliContext ctx = context(env, Credential.empty());
            DashStream track = videoTrack(ctx);
            String name = fileName(track);
            // the ETag alone changes (same size, same bytes) between chunks
            Path etagTarget = dir.resolve("etag.m4s");
            DownloadTask etag = downloader(ctx, 1).download(track, etagTarget, p -> {
                if (p.bytesDone() == CHUNK) {
                    video(env).state().changeEtag(name);
                }
            });
            assertThatThrownBy(etag::join).isInstanceOf(CompletionException.class).cause()
                    .isInstanceOf(FileChangedException.class).hasMessageContaining("ETag");
            assertThat(etagTarget).doesNotExist();
            assertThat(dir.resolve("etag.m4s.part")).doesNotExist();
            // the size alone changes (the ETag stays) between chunks
            Path sizeTarget = dir.resolve("size.m4s");
            DownloadTask size = downloader(ctx, 1).download(track, sizeTarget, p -> {
                if (p.bytesDone() == CHUNK) {
                    video(env).state().append(name, 1000);
                }
            });
            assertThatThrownBy(size::join).isInstanceOf(CompletionException.class).cause()
                    .isInstanceOf(FileChangedException.class).hasMessageContaining("size");
            assertThat(sizeTarget).doesNotExist();
            assertThat(dir.resolve("size.m4s.part")).doesNotExist();

            // a change while the download was stopped: the resume starts over and gets the new file whole
            Path target = dir.resolve("resume.m4s");
            DownloadTask[] task = new DownloadTask[1];
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            task[0] = downloader(ctx, 1).download(track, target, p -> {
                try {
                    started.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (p.bytesDone() >= 2L * CHUNK) {
                    task[0].cancel();
                }
            });
            started.countDown();
            assertThatThrownBy(() -> task[0].result().get(30, java.util.concurrent.TimeUnit.SECONDS))
                    .isInstanceOf(CancellationException.class);
            assertThat(dir.resolve("resume.m4s.part")).exists();
            video(env).state().changeFile(name);
            DownloadResult result = downloader(ctx, 4).download(track, target).join();
            assertThat(result.resumedBytes()).isZero();
            assertThat(result.size()).isEqualTo(Files.size(target));
            assertSameBytes(env, track, target);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void downloadsAnMp4Durl(Supplier<BiliApiClient> backend) throws Exception {
        try (FakeEnv env = new FakeEnv(backend)) {
            BiliContext ctx = context(env, FakeEnv.ACCOUNT);
            PlayUrl p = new VideoService(ctx).getPlayUrl(BVID, CID, PlayUrlRequest.mp4(VideoQuality.Q720P)).join();
            DurlSegment seg = p.durl().get(0);
            Path target = dir.resolve("video.mp4");
            DownloadResult result = downloader(ctx, 4).download(seg, target).join();
            assertThat(result.size()).isEqualTo(seg.size());
            assertSameBytes(env, seg, target);
        }
    }

    // ------------------------------------------------------------------------------------------------ danmaku

    static void assertSame(VideoDanmaku got, FakeDanmaku want) {
        assertThat(got).isEqualTo(new VideoDanmaku(want.id(), want.progress(), want.mode(), want.fontsize(),
                want.color(), want.midHash(), want.content(), want.ctime(), want.weight(), want.pool(), got.attr()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void danmakuSegmentsAsALazyStreamAndXml(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            VideoService videos = new VideoService(context(env, Credential.empty()));
            DanmakuSegment first = videos.getDanmakuSegment(AID, CID, 1).join();
            List<FakeDanmaku> want = video(env).danmaku(CID, 1);
            assertThat(first.danmaku()).hasSize(want.size());
            assertThat(first.closed()).isFalse();
            for (int i = 0; i < want.size(); i++) {
                assertSame(first.danmaku().get(i), want.get(i));
                assertThat(first.danmaku().get(i).attr()).isEqualTo(want.get(i).attr());
            }
            assertThat(env.server.lastRequest("/x/v2/dm/wbi/web/seg.so").rawQuery())
                    .contains("type=1", "oid=" + CID, "pid=" + AID, "segment_index=1", "w_rid=");

            long before = env.server.requestCount("/x/v2/dm/wbi/web/seg.so");
            List<VideoDanmaku> five = videos.danmaku(AID, CID, 486).limit(5).toList();
            assertThat(five).hasSize(5);
            assertThat(env.server.requestCount("/x/v2/dm/wbi/web/seg.so") - before).isEqualTo(1);
            List<VideoDanmaku> all = videos.danmaku(AID, CID, 486).toList();
            assertThat(all).hasSize(2 * video(env).state().danmakuPerSegment());
            assertThat(all.get(all.size() - 1).progressMs()).isBetween(360_000, 486_000);

            List<VideoDanmaku> xml = videos.getDanmakuXml(CID).join();
            assertThat(xml).hasSize(all.size());
            for (int i = 0; i < xml.size(); i++) {
                VideoDanmaku p = all.get(i);
                assertThat(xml.get(i)).isEqualTo(new VideoDanmaku(p.id(), p.progressMs(), p.mode(), p.fontSize(),
                        p.color(), p.midHash(), p.content(), p.ctime(), p.weight(), p.pool(), 0));
            }
            // both transports give the same subtitle file
            DanmakuAss ass = DanmakuAss.of(1920, 1080);
            String fromProtobuf = ass.toAss(all);
            assertThat(ass.toAss(xml)).isEqualTo(fromProtobuf);
            assertThat(fromProtobuf.lines().filter(l -> l.startsWith("Dialogue:")).count())
                    .isEqualTo(all.stream().filter(d -> d.mode() <= 6).count()).isPositive();
            assertThatThrownBy(() -> videos.getDanmakuSegment(AID, CID, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("segmentIndex");
            assertThatThrownBy(() -> videos.danmaku(AID, -1, 10)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cid");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void danmakuAnswersThatAreNotTheFileAreTypedFailures(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            VideoService videos = new VideoService(context(env, FakeEnv.ACCOUNT));
            env.server.script("/x/v2/dm/wbi/web/seg.so", Fault.html(412,
                    "<html><body>blocked " + FakeEnv.ACCOUNT.sessdata() + "</body></html>"));
            assertThatThrownBy(() -> videos.getDanmakuSegment(AID, CID, 1).join()).cause()
                    .isInstanceOfSatisfying(RiskControlException.class, e -> {
                        assertThat(e.riskControl()).contains(RiskControl.REQUEST_BLOCKED);
                        assertThat(e.httpStatus()).isEqualTo(412);
                        assertThat(e.code()).isEqualTo(-412);
                        assertThat(e.getMessage()).doesNotContain(FakeEnv.ACCOUNT.sessdata());
                    });
            env.server.script("/" + CID + ".xml", Fault.html(404, "<html>gone</html>"));
            assertThatThrownBy(() -> videos.getDanmakuXml(CID).join()).cause()
                    .isInstanceOfSatisfying(NetworkException.class, e -> assertThat(e.status()).isEqualTo(404));
            // the next answers are the files again
            assertThat(videos.getDanmakuSegment(AID, CID, 1).join().danmaku()).isNotEmpty();
            assertThat(videos.getDanmakuXml(CID).join()).isNotEmpty();
        }
    }

    // ------------------------------------------------------------------------------------------------ subtitles

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void subtitlesToSrtAndWebVtt(Supplier<BiliApiClient> backend) throws ExecutionException, InterruptedException {
        try (FakeEnv env = new FakeEnv(backend)) {
            SubtitleInfo anonymous = new VideoService(context(env, Credential.empty())).getSubtitles(BVID, CID).join();
            assertThat(anonymous.needLogin()).isTrue();
            assertThat(anonymous.tracks()).isEmpty();
            assertThat(env.server.lastRequest("/x/player/wbi/v2").rawQuery()).contains("dm_img_list=", "w_rid=");

            VideoService videos = new VideoService(context(env, FakeEnv.ACCOUNT));
            SubtitleInfo info = videos.getSubtitles(AID, CID).get();
            assertThat(info.tracks()).extracting(SubtitleTrack::lan).containsExactly("zh-Hans", "en-US", "ai-zh");
            assertThat(info.tracks().get(0).id()).isEqualTo(13643112644608002L);
            assertThat(info.tracks()).filteredOn(SubtitleTrack::ai).hasSize(1);
            assertThat(info.tracks().get(0).url()).startsWith("https://aisubtitle.hdslb.com/bfs/subtitle/");
            assertThat(info.tracks().get(0).toString()).doesNotContain("auth_key");

            Subtitle zh = videos.getSubtitle(info.tracks().get(0)).join();
            assertThat(zh.lines()).hasSize(4);
            assertThat(zh.toSrt()).isEqualTo("""
                    1
                    00:00:00,500 --> 00:00:01,580
                    很多人可能不知道

                    2
                    00:01:01,250 --> 00:01:03,000
                    second line
                    with a break

                    3
                    00:59:59,999 --> 01:00:01,500
                    a --> b

                    4
                    01:02:05,040 --> 01:02:07,900
                    我们下期再见

                    """);
            assertThat(zh.toWebVtt()).startsWith("WEBVTT\n\n00:00:00.500 --> 00:00:01.580\n很多人可能不知道\n\n")
                    .contains("00:59:59.999 --> 01:00:01.500\na -> b\n\n");
            Subtitle ai = videos.getSubtitle(info.tracks().get(2)).join();
            assertThat(ai.lines()).extracting(Subtitle.Line::content).contains("我们下期再见");

            // the auth_key expires on the fake's clock
            env.clock.advance(Duration.ofHours(1));
            assertThatThrownBy(() -> videos.getSubtitle(info.tracks().get(1)).join())
                    .isInstanceOf(CompletionException.class);
            assertThat(info.tracks().stream().map(SubtitleTrack::lanDoc).collect(Collectors.joining()))
                    .contains("英语");
        }
    }
}
