package io.github.bilibiliapi.user;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.BiliContext;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** User endpoints. */
public final class UserService {

    static final String ACC_INFO_URL = "https://api.bilibili.com/x/space/wbi/acc/info";

    private final BiliContext context;

    /** @param context the context requests run in */
    public UserService(BiliContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * {@code GET /x/space/wbi/acc/info} — WBI-signed, with the {@code dm_*} parameters the space endpoints' risk
     * control expects from a browser.
     *
     * @param mid a positive user id
     * @return the profile
     * @throws IllegalArgumentException if {@code mid <= 0}
     */
    public CompletableFuture<UserInfo> getUserInfo(long mid) {
        checkMid(mid);
        Api api = Api.get(ACC_INFO_URL).param("mid", mid).wbi(true).dm(true).build();
        return context.execute(api).thenApply(r -> UserInfo.from(r.data()));
    }

    /** The argument check of {@link #getUserInfo}, shared with {@link ReactiveUserService}. */
    static void checkMid(long mid) {
        if (mid <= 0) {
            throw new IllegalArgumentException("mid must be positive, got " + mid);
        }
    }
}
