package io.github.bilibiliapi.testappjdk;

import io.github.bilibiliapi.Bilibili;
import io.github.bilibiliapi.user.UserInfo;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A user's servlet application on the JDK recipe: one controller on the {@link Bilibili} facade. */
@SpringBootApplication
public class JdkApplication {

    /** @param args command line */
    public static void main(String[] args) {
        SpringApplication.run(JdkApplication.class, args);
    }

    /** The MVC example of docs/getting-started.md. */
    @RestController
    static class UserController {

        private final Bilibili bilibili;

        UserController(Bilibili bilibili) {
            this.bilibili = bilibili;
        }

        @GetMapping("/users/{mid}")
        CompletableFuture<UserInfo> user(@PathVariable long mid) {
            return bilibili.users().getUserInfo(mid);
        }
    }
}
