package io.github.bilibiliapi.sample.web;

import io.github.bilibiliapi.api.BiliApiException;
import io.github.bilibiliapi.api.CredentialException;
import io.github.bilibiliapi.api.ResponseCodeException;
import io.github.bilibiliapi.client.BiliClientException;
import java.util.concurrent.CompletionException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps the library's typed errors to RFC 9457 problem details: bad input → 400, no login → 401, bilibili's own
 * error codes (risk control included) → 502 with the code, network trouble → 504/502.
 */
@RestControllerAdvice
class ApiErrors {

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badInput(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(CompletionException.class)
    ProblemDetail async(CompletionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof IllegalArgumentException iae) {
            return badInput(iae);
        }
        if (cause instanceof BiliApiException bae) {
            return bilibili(bae);
        }
        if (cause instanceof BiliClientException bce) {
            return network(bce);
        }
        return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, cause.toString());
    }

    @ExceptionHandler(BiliApiException.class)
    ProblemDetail bilibili(BiliApiException e) {
        if (e instanceof CredentialException) {
            return ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage());
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, e.getMessage());
        if (e instanceof ResponseCodeException rce) {
            problem.setProperty("biliCode", rce.code());
        }
        return problem;
    }

    @ExceptionHandler(BiliClientException.class)
    ProblemDetail network(BiliClientException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, e.getMessage());
    }
}
