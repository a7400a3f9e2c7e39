package io.github.bilibiliapi.autoconfigure.web;

import io.github.bilibiliapi.api.BiliApiException;
import io.github.bilibiliapi.api.CredentialException;
import io.github.bilibiliapi.api.NetworkException;
import io.github.bilibiliapi.api.ResponseCodeException;
import io.github.bilibiliapi.api.RiskControl;
import io.github.bilibiliapi.api.WbiRetryTimesExceededException;
import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.BiliTimeoutException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Maps the library's exceptions to RFC 9457 problem details: invalid input → 400, a missing login → 401, not found
 * (bilibili's codes for a missing user, video or live room) → 404, risk control → 429 with its {@code category},
 * timeout → 504, any other upstream failure → 502. The body carries bilibili's code and message, never a request URL,
 * a header, a cookie or a credential.
 */
public final class BilibiliProblemDetails {

    /** bilibili's codes meaning "no such thing": -404 (user/video), -626 (user), 62002/62004 (video), 60004 (room). */
    static final Set<Integer> NOT_FOUND_CODES = Set.of(-404, -626, 62002, 62004, 60004);

    private static final String TYPE_BASE = "https://github.com/bilibiliapi/bilibili-api-spring-boot-starter/blob/main"
            + "/docs/troubleshooting.md#";

    private BilibiliProblemDetails() {
    }

    /**
     * Finds the library exception (or {@link IllegalArgumentException}) in a failure's cause chain, looking through
     * {@code CompletionException} / {@code ExecutionException} wrappers.
     *
     * @param failure what a controller threw
     * @return the exception to map, or empty when none of the chain is the library's
     */
    public static Optional<RuntimeException> find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BiliApiException || t instanceof BiliClientException
                    || t instanceof IllegalArgumentException) {
                return Optional.of((RuntimeException) t);
            }
        }
        return Optional.empty();
    }

    /**
     * Maps an exception of the library.
     *
     * @param e a library exception or an {@link IllegalArgumentException}
     * @return the problem detail
     */
    public static ProblemDetail of(RuntimeException e) {
        if (e instanceof IllegalArgumentException) {
            return problem(HttpStatus.BAD_REQUEST, "invalid-argument", "Invalid argument", e.getMessage());
        }
        if (e instanceof CredentialException) {
            return problem(HttpStatus.UNAUTHORIZED, "not-logged-in", "Not logged in to bilibili",
                    "this call needs a logged-in credential (bilibili.credential.*)");
        }
        if (e instanceof WbiRetryTimesExceededException w && w.getCause() instanceof ResponseCodeException last) {
            ProblemDetail p = of(last);
            p.setProperty("attempts", w.attempts());
            return p;
        }
        if (e instanceof ResponseCodeException r) {
            return code(r);
        }
        if (e instanceof NetworkException n) {
            Optional<RiskControl> risk = n.riskControl();
            ProblemDetail p = risk.isPresent() ? riskControl(risk.get(), "bilibili blocked the request (HTTP "
                    + n.status() + ")") : problem(HttpStatus.BAD_GATEWAY, "upstream-error", "bilibili failed",
                    "bilibili answered HTTP " + n.status());
            p.setProperty("upstreamStatus", n.status());
            return p;
        }
        if (e instanceof BiliTimeoutException) {
            return problem(HttpStatus.GATEWAY_TIMEOUT, "timeout", "bilibili did not answer in time",
                    "the call to bilibili timed out (bilibili.request.timeout)");
        }
        if (e instanceof BiliClientException) {
            return problem(HttpStatus.BAD_GATEWAY, "network-error", "bilibili could not be reached",
                    "the HTTP exchange with bilibili failed");
        }
        return problem(HttpStatus.BAD_GATEWAY, "upstream-error", "bilibili failed",
                "bilibili's answer could not be used (" + e.getClass().getSimpleName() + ")");
    }

    private static ProblemDetail code(ResponseCodeException r) {
        String biliMessage = r.biliMessage() == null ? "" : r.biliMessage();
        ProblemDetail p;
        Optional<RiskControl> risk = r.riskControl();
        if (risk.isPresent() && (risk.get() == RiskControl.NOT_LOGGED_IN || risk.get() == RiskControl.CSRF_FAILED)) {
            p = problem(HttpStatus.UNAUTHORIZED, "not-logged-in", "Not logged in to bilibili",
                    "bilibili answered code " + r.code() + ": " + biliMessage);
        } else if (risk.isPresent()) {
            p = riskControl(risk.get(), "bilibili answered code " + r.code() + ": " + biliMessage);
        } else if (NOT_FOUND_CODES.contains(r.code())) {
            p = problem(HttpStatus.NOT_FOUND, "not-found", "Not found on bilibili",
                    "bilibili answered code " + r.code() + ": " + biliMessage);
        } else {
            p = problem(HttpStatus.BAD_GATEWAY, "upstream-error", "bilibili failed",
                    "bilibili answered code " + r.code() + ": " + biliMessage);
        }
        p.setProperty("biliCode", r.code());
        return p;
    }

    private static ProblemDetail riskControl(RiskControl category, String detail) {
        ProblemDetail p = problem(HttpStatus.TOO_MANY_REQUESTS, "risk-control", "bilibili risk control", detail);
        p.setProperty("category", category.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        return p;
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(TYPE_BASE + type));
        p.setTitle(title);
        return p;
    }
}
