package io.github.bilibiliapi.autoconfigure.web;

import io.github.bilibiliapi.api.BiliApiException;
import io.github.bilibiliapi.client.BiliClientException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The advice installed by {@code bilibili.web.problem-details.enabled=true}, for Spring MVC and WebFlux alike: answers
 * a controller's failure with the library's exception mapped by {@link BilibiliProblemDetails}. Lowest precedence, so
 * an application's own {@code @ExceptionHandler} for these types wins.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class BilibiliProblemDetailsAdvice {

    /** Creates the advice. */
    public BilibiliProblemDetailsAdvice() {
    }

    /**
     * Maps a library failure (and invalid input) to a problem detail.
     *
     * @param e the failure
     * @return the problem detail response
     * @throws Exception {@code e} itself when its chain holds no library exception (left to other handlers)
     */
    @ExceptionHandler({BiliApiException.class, BiliClientException.class, IllegalArgumentException.class,
            CompletionException.class, ExecutionException.class})
    public ResponseEntity<ProblemDetail> handle(Exception e) throws Exception {
        RuntimeException found = BilibiliProblemDetails.find(e).orElseThrow(() -> e);
        ProblemDetail problem = BilibiliProblemDetails.of(found);
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }
}
