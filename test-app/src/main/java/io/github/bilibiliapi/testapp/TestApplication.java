package io.github.bilibiliapi.testapp;

import io.github.bilibiliapi.Bilibili;
import io.github.bilibiliapi.live.SentDanmaku;
import io.github.bilibiliapi.user.UserInfo;
import io.github.bilibiliapi.video.VideoInfo;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A user's WebFlux application: one controller on the reactive face of the {@link Bilibili} facade (users, videos,
 * a live room's danmaku as server-sent events, sending a danmaku). */
@SpringBootApplication
public class TestApplication {

    /** @param args command line */
    public static void main(String[] args) {
        SpringApplication.run(TestApplication.class, args);
    }

    /** The WebFlux example of docs/getting-started.md. */
    @RestController
    static class BilibiliController {

        private final Bilibili bilibili;

        BilibiliController(Bilibili bilibili) {
            this.bilibili = bilibili;
        }

        @GetMapping("/users/{mid}")
        Mono<UserInfo> user(@PathVariable long mid) {
            return bilibili.reactive().users().getUserInfo(mid);
        }

        @GetMapping("/videos/{bvid}")
        Mono<VideoInfo> video(@PathVariable String bvid) {
            return bilibili.reactive().videos().getVideoInfo(bvid);
        }

        /** A room's danmaku as server-sent events, {@code uname: text}; the live connection lives as long as the
         *  client listens. */
        @GetMapping(value = "/live/{roomId}/danmaku", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
        Flux<String> danmaku(@PathVariable long roomId) {
            return bilibili.reactive().live().danmaku(roomId, "DANMU_MSG")
                    .map(e -> e.danmu().uname() + ": " + e.danmu().text());
        }

        /** Sends a danmaku (needs a login); answers the parts bilibili accepted. */
        @PostMapping("/live/{roomId}/danmaku")
        Mono<List<String>> send(@PathVariable long roomId, @RequestParam String text) {
            return bilibili.reactive().live().sendDanmaku(roomId, text)
                    .map(sent -> sent.stream().map(SentDanmaku::text).toList());
        }
    }
}
