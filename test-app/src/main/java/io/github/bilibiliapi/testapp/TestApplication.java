package io.github.bilibiliapi.testapp;

import io.github.bilibiliapi.Bilibili;
import io.github.bilibiliapi.user.UserInfo;
import io.github.bilibiliapi.video.VideoInfo;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A user's WebFlux application: one controller on the reactive face of the {@link Bilibili} facade. */
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
    }
}
