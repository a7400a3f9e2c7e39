package io.github.bilibiliapi.autoconfigure.login;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.BiliContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import tools.jackson.databind.JsonNode;

/**
 * The {@code bilibili} health: asks nav whether the credential is logged in. UP with {@code isLogin}, {@code mid}
 * (public) and {@code backend}; logged out is still UP (many APIs work without a login); DOWN when bilibili cannot be
 * reached. Never shows a secret.
 */
public final class BilibiliHealthIndicator extends AbstractHealthIndicator {

    private static final String NAV = "https://api.bilibili.com/x/web-interface/nav";

    private final BiliContext context;
    private final Duration timeout;

    /**
     * @param context the context whose login is checked
     * @param timeout how long the check may take
     */
    public BilibiliHealthIndicator(BiliContext context, Duration timeout) {
        super("bilibili health check failed");
        this.context = context;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        builder.withDetail("backend", context.client().backendName());
        JsonNode data = context.execute(Api.get(NAV).ignoreCode(true).build())
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).data();
        boolean login = data.path("isLogin").asBoolean(false);
        builder.up().withDetail("isLogin", login);
        if (login) {
            builder.withDetail("mid", data.path("mid").asLong());
        }
    }
}
