package io.github.bilibiliapi.api;

import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.support.UriEncoding;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Runs an {@link Api}: prepare ({@link ApiRequests}) → exchange ({@link Exchange}) → process (status, JSON, code),
 * and on a rejected WBI signature the retry: the rejected generations of the cached values are dropped and the call is
 * prepared again.
 */
final class ApiCalls {

    private final RequestSettings settings;
    private final Supplier<Credential> defaultCredential;
    private final ApiRequests requests;
    private final Exchange exchange;
    private final ContextEvents events;
    private final WbiKeyCache wbiKeys;
    private final BuvidActivation buvid;

    ApiCalls(RequestSettings settings, Supplier<Credential> defaultCredential, ApiRequests requests,
            Exchange exchange, ContextEvents events, WbiKeyCache wbiKeys, BuvidActivation buvid) {
        this.settings = settings;
        this.defaultCredential = defaultCredential;
        this.requests = requests;
        this.exchange = exchange;
        this.events = events;
        this.wbiKeys = wbiKeys;
        this.buvid = buvid;
    }

    /** @see BiliContext#execute(Api) */
    CompletableFuture<ApiResult> execute(Api api) {
        Objects.requireNonNull(api, "api");
        Credential cred = credentialFor(api);
        if (api.needsCsrf() && !cred.hasBiliJct()) {
            throw new CredentialException(api.method() + " " + api.url()
                    + " needs csrf, but the credential has no bili_jct (use noCsrf(true) if the endpoint takes none)");
        }
        CompletableFuture<ApiResult> result = new CompletableFuture<>();
        attempt(api, cred, 0, result);
        return result;
    }

    /** @see BiliContext#executeRaw(Api) */
    CompletableFuture<BiliApiResponse> executeRaw(Api api) {
        Objects.requireNonNull(api, "api");
        if (!api.method().equals("GET")) {
            throw new IllegalArgumentException("executeRaw takes GET calls only, got " + api.method());
        }
        return Futures.unwrapped(Futures.then(requests.prepare(api, credentialFor(api)),
                p -> exchange.raw(p.request())));
    }

    /** The call's own credential, else the default; checked for the login {@code verify} asks for. */
    private Credential credentialFor(Api api) {
        Credential cred = api.credential() != null ? api.credential() : defaultCredential.get();
        if (api.verify() && !cred.hasSessdata()) {
            throw new CredentialException(api.method() + " " + api.url()
                    + " requires a login, but the credential has no SESSDATA");
        }
        return cred;
    }

    private void attempt(Api api, Credential cred, int retriesDone, CompletableFuture<ApiResult> result) {
        CompletableFuture<ApiRequests.Prepared> preparing = requests.prepare(api, cred);
        if (preparing.isDone() && !preparing.isCompletedExceptionally()) {
            send(api, cred, retriesDone, preparing.join(), result); // the usual call: every cached value was ready
            return;
        }
        preparing.whenComplete((prepared, error) -> {
            if (error != null) { // a value the request needs could not be fetched
                fail(api, Futures.unwrap(error), result);
                return;
            }
            send(api, cred, retriesDone, prepared, result);
        });
    }

    private void send(Api api, Credential cred, int retriesDone, ApiRequests.Prepared prepared,
            CompletableFuture<ApiResult> result) {
        try {
            if (events.enabled()) {
                events.emit(BiliEventType.API_REQUEST, "Api request", requestData(prepared.request(), api));
            }
            exchange.json(prepared.request(), cred, !api.ignoreCode(), (answer, failure) -> {
                if (failure == null) {
                    try {
                        result.complete(finish(api, answer));
                        return;
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                }
                try {
                    rejected(api, cred, retriesDone, prepared, failure, result);
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            fail(api, e, result);
        }
    }

    private void fail(Api api, Throwable cause, CompletableFuture<ApiResult> result) {
        emitFailure(api, cause);
        result.completeExceptionally(cause);
    }

    /** A failed exchange: drops what the failure shows stale, then fails the call or retries it. */
    private void rejected(Api api, Credential cred, int retriesDone, ApiRequests.Prepared prepared, Throwable cause,
            CompletableFuture<ApiResult> result) {
        emitFailure(api, cause);
        if (!(cause instanceof ResponseCodeException rce)) {
            result.completeExceptionally(cause);
            return;
        }
        if (prepared.webIdGeneration() >= 0 && rce.code() == -352) {
            requests.webIdRejected(api.wWebid(), prepared.webIdGeneration()); // the space page hands out a new one
        }
        if (!api.wbi() || (rce.code() != -403 && rce.code() != -352)) {
            result.completeExceptionally(cause);
            return;
        }
        // the key may have rotated: drop it once for everyone who used this generation
        if (prepared.wbiGeneration() >= 0) {
            wbiKeys.invalidate(prepared.wbiGeneration());
        }
        if (rce.code() == -352 && prepared.buvidGeneration() >= 0) {
            // -352 is also the answer to an unactivated (or revoked) buvid3: renew it, once per incident
            buvid.invalidate(prepared.buvidGeneration());
        }
        if (!api.idempotent()) {
            result.completeExceptionally(cause);
        } else if (retriesDone >= settings.wbiRetryTimes()) {
            result.completeExceptionally(new WbiRetryTimesExceededException(retriesDone + 1, rce));
        } else {
            events.emit(BiliEventType.ANTI_SPIDER, "WBI retry", Map.of("url", UriEncoding.withoutQuery(api.url()),
                    "code", rce.code(), "retry", retriesDone + 1));
            attempt(api, cred, retriesDone + 1, result);
        }
    }

    private void emitFailure(Api api, Throwable cause) {
        if (events.enabled()) {
            events.emit(BiliEventType.API_RESPONSE, "Api failed", Map.of("method", api.method(), "url",
                    UriEncoding.withoutQuery(api.url()), "error", cause.getClass().getSimpleName() + ": "
                            + cause.getMessage()));
        }
    }

    private ApiResult finish(Api api, Exchange.Answer answer) {
        int code;
        if (api.ignoreCode()) {
            code = answer.code() == null ? 0 : answer.code();
        } else {
            code = answer.requireCode();
            ResponseParser.check(answer.root(), code);
            ResponseParser.checkChallenge(answer.root(), answer.url());
        }
        if (events.enabled()) { // the payload is built only for someone to read it
            String url = UriEncoding.withoutQuery(answer.response().url() == null ? api.url()
                    : answer.response().url());
            events.emit(BiliEventType.API_RESPONSE, "Api response", Map.of("method", api.method(), "url", url,
                    "status", answer.response().code(), "code", code));
        }
        JsonNode root = answer.root();
        JsonNode data = root.isObject() ? ResponseParser.data(root) : MissingNode.getInstance();
        return new ApiResult(root, data, code, root.isObject() ? ResponseParser.message(root) : "",
                answer.response());
    }

    private static Map<String, Object> requestData(BiliApiRequest request, Api api) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("method", request.method());
        data.put("url", UriEncoding.withoutQuery(request.url()));
        data.put("params", Secrets.maskMap(request.params()));
        if (request.body() instanceof BiliApiRequest.Body.Form form) {
            data.put("data", Secrets.maskMap(form.fields()));
        }
        data.put("files", request.files().keySet());
        data.put("cookies", request.cookies().keySet());
        data.put("wbi", api.wbi());
        return data;
    }
}
