package io.github.bilibiliapi.sample.web;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.login.LoginService;
import io.github.bilibiliapi.login.QrCodes;
import io.github.bilibiliapi.login.QrLogin;
import io.github.bilibiliapi.login.QrLoginState;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;

/**
 * QR login for the page {@code /login.html}: the browser gets a random id and the QR image, never the
 * {@code qrcode_key} (whoever polls with it gets the login); the {@link QrLogin} stays on the server. A confirmed login
 * is saved in the starter's credential store, so every other endpoint of the app is logged in from then on.
 */
@RestController
@RequestMapping("/api/login")
class LoginController {

    private final LoginService login;
    private final BiliContext context;
    private final Map<String, QrLogin> pending = new ConcurrentHashMap<>();

    LoginController(LoginService login, BiliContext context) {
        this.login = login;
        this.context = context;
    }

    /** A new QR code: {@code {id, png (base64), expiresAt}}. */
    @PostMapping("/qr")
    CompletableFuture<Map<String, Object>> start() {
        return login.startQrLogin().thenApply(qr -> {
            pending.values().removeIf(q -> q.expiresAt().isBefore(java.time.Instant.now()));
            String id = UUID.randomUUID().toString();
            pending.put(id, qr);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", id);
            out.put("png", Base64.getEncoder().encodeToString(QrCodes.png(qr.url(), 240)));
            out.put("expiresAt", qr.expiresAt().toString());
            return out;
        });
    }

    /** Where the login stands: {@code {state}}, plus the user's {@code name} and {@code face} once confirmed. */
    @GetMapping("/qr/{id}")
    CompletableFuture<Map<String, Object>> state(@PathVariable String id) {
        QrLogin qr = pending.get(id);
        if (qr == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such QR login");
        }
        return qr.poll().thenCompose(p -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("state", p.state().name());
            if (p.state() != QrLoginState.CONFIRMED) {
                return CompletableFuture.completedFuture(out);
            }
            pending.remove(id);
            return me().thenApply(me -> {
                out.putAll(me);
                return out;
            });
        });
    }

    /** The logged-in user per nav: {@code {isLogin, name, face, mid}}. */
    @GetMapping("/me")
    CompletableFuture<Map<String, Object>> me() {
        return context.execute(Api.get("https://api.bilibili.com/x/web-interface/nav").ignoreCode(true).build())
                .thenApply(r -> {
                    JsonNode d = r.data();
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("isLogin", d.path("isLogin").asBoolean(false));
                    out.put("name", d.path("uname").asString(""));
                    out.put("face", d.path("face").asString(""));
                    out.put("mid", d.path("mid").asLong(0));
                    return out;
                });
    }

    /** Logs out and clears the store. */
    @PostMapping("/logout")
    CompletableFuture<Map<String, Object>> logout() {
        return login.logout().thenApply(ended -> Map.of("ended", ended));
    }
}
