package io.github.bilibiliapi.sample.web;

import io.github.bilibiliapi.dynamic.DynamicService;
import io.github.bilibiliapi.dynamic.UploadedImage;
import io.github.bilibiliapi.live.DanmuHost;
import io.github.bilibiliapi.live.DanmuInfo;
import io.github.bilibiliapi.live.LiveService;
import io.github.bilibiliapi.live.RoomInit;
import io.github.bilibiliapi.user.UserInfo;
import io.github.bilibiliapi.user.UserService;
import io.github.bilibiliapi.video.VideoInfo;
import io.github.bilibiliapi.video.VideoService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * REST endpoints over the starter's services, injected like any other bean. Results are non-blocking
 * ({@link CompletableFuture}): Spring MVC completes the response when bilibili answers.
 */
@RestController
@RequestMapping("/api")
class BilibiliController {

    private final UserService users;
    private final VideoService videos;
    private final DynamicService dynamics;
    private final LiveService live;

    BilibiliController(UserService users, VideoService videos, DynamicService dynamics, LiveService live) {
        this.users = users;
        this.videos = videos;
        this.dynamics = dynamics;
        this.live = live;
    }

    /** A user's space info (WBI-signed, the seed's example). */
    @GetMapping("/users/{mid}")
    CompletableFuture<Map<String, Object>> user(@PathVariable long mid) {
        return users.getUserInfo(mid).thenApply(BilibiliController::view);
    }

    /** Video info by {@code BV...} id, {@code av...} id or numeric aid. */
    @GetMapping("/videos/{id}")
    CompletableFuture<Map<String, Object>> video(@PathVariable String id) {
        CompletableFuture<VideoInfo> info;
        String lower = id.toLowerCase(Locale.ROOT);
        if (lower.startsWith("bv")) {
            info = videos.getVideoInfo(id);
        } else {
            info = videos.getVideoInfo(parseAid(lower.startsWith("av") ? id.substring(2) : id));
        }
        return info.thenApply(BilibiliController::view);
    }

    private static long parseAid(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a video id (BV..., av... or a number): " + text);
        }
    }

    /** Uploads an image to bilibili's dynamic image store (needs a login). */
    @PostMapping("/images")
    CompletableFuture<Map<String, Object>> upload(@RequestParam("file") MultipartFile file) throws IOException {
        if (file.isEmpty()) {
            throw new IllegalArgumentException("The uploaded file is empty");
        }
        String name = file.getOriginalFilename() == null ? "image" : Path.of(file.getOriginalFilename()).getFileName()
                .toString();
        int dot = name.lastIndexOf('.');
        // keep the extension: the MIME type of the part is guessed from it
        Path temp = Files.createTempFile("bili-upload-", dot >= 0 ? name.substring(dot) : ".bin");
        file.transferTo(temp);
        return dynamics.uploadImage(temp).whenComplete((r, e) -> delete(temp)).thenApply(BilibiliController::view);
    }

    private static void delete(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + temp, e);
        }
    }

    /** A live room: display id → real id, and the danmaku servers. */
    @GetMapping("/live/{roomId}")
    CompletableFuture<Map<String, Object>> room(@PathVariable long roomId) {
        return live.getRoomInit(roomId).thenCompose(init -> live.getDanmuInfo(init.roomId())
                .thenApply(info -> view(init, info)));
    }

    private static Map<String, Object> view(UserInfo u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mid", u.mid());
        m.put("name", u.name());
        m.put("sex", u.sex());
        m.put("level", u.level());
        m.put("sign", u.sign());
        m.put("face", u.face());
        return m;
    }

    private static Map<String, Object> view(VideoInfo v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bvid", v.bvid());
        m.put("aid", v.aid());
        m.put("title", v.title());
        m.put("duration", v.duration());
        m.put("description", v.desc());
        return m;
    }

    private static Map<String, Object> view(UploadedImage i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", i.url());
        m.put("width", i.width());
        m.put("height", i.height());
        m.put("sizeKiB", i.size());
        return m;
    }

    private static Map<String, Object> view(RoomInit init, DanmuInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("roomId", init.roomId());
        m.put("shortId", init.shortId());
        m.put("uid", init.uid());
        m.put("liveStatus", init.liveStatus());
        // the token authenticates the danmaku connection: never hand it out
        m.put("danmakuHosts", info.hosts().stream().map(DanmuHost::host).toList());
        return m;
    }
}
