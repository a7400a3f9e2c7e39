package io.github.bilibiliapi.api;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.support.UriEncoding;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The exchange step of a context: one request through the current client, after the pacing's slot for its host,
 * observed by the {@link ApiObserver}, its answer parsed into JSON ({@link #json}). Every request of a context goes
 * through here: the calls' own and the fetches of WBI keys, buvid and bili_ticket.
 */
final class Exchange {

    private static final Logger LOG = LoggerFactory.getLogger(BiliContext.class);

    /** The observation of an exchange nobody observes. */
    private static final ApiObservation NOT_OBSERVED = outcome -> { };

    /** A parsed answer of one exchange; {@code code} is null when the JSON has none. */
    record Answer(BiliApiResponse response, JsonNode root, Integer code, List<JsonNode> notices, String url) {

        /** @return the code; a body without one is an error for bilibili endpoints */
        int requireCode() {
            if (code == null) {
                throw new ResponseParseException(root.isMissingNode() ? "Empty body from " + url
                        : "Answer from " + url + " has no 'code' field");
            }
            return code;
        }
    }

    private final Supplier<BiliApiClient> clients;
    private final RequestPacing pacing;
    private final ApiObserver observer;
    private final ContextEvents events;
    private final CredentialProvider credentials;

    /**
     * @param clients     where each exchange finds its client
     * @param pacing      the per-host pacing
     * @param observer    the metrics observer
     * @param events      the event listeners (for the notices bilibili prepends to an answer)
     * @param credentials the default credential, masked out of error excerpts when the caller names none
     */
    Exchange(Supplier<BiliApiClient> clients, RequestPacing pacing, ApiObserver observer, ContextEvents events,
            CredentialProvider credentials) {
        this.clients = clients;
        this.pacing = pacing;
        this.observer = observer;
        this.events = events;
        this.credentials = credentials;
    }

    /**
     * One observed exchange: sends, reads the status and JSON, reports to the observer.
     *
     * @param request    the request, ready to send
     * @param cred       the credential to mask out of error excerpts (null = the context's default)
     * @param failOnCode whether the observation counts a non-zero code as an error (the caller decides what to
     *                   raise)
     * @return the answer; fails with {@link NetworkException} (status other than 200, or a proxy failure),
     *         {@link RiskControlException} (HTTP 412), {@link ResponseParseException}, or the client's exception
     */
    CompletableFuture<Answer> json(BiliApiRequest request, Credential cred, boolean failOnCode) {
        CompletableFuture<Answer> out = new CompletableFuture<>();
        json(request, cred, failOnCode, (answer, failure) -> {
            if (failure != null) {
                out.completeExceptionally(failure);
            } else {
                out.complete(answer);
            }
        });
        return out;
    }

    /**
     * {@link #json(BiliApiRequest, Credential, boolean)} handing its outcome to {@code then} in the one completion
     * stage after the client's future, instead of a future of its own: a call's answer goes from the backend's thread
     * to the caller's result with no stage in between.
     *
     * @param then gets the answer, or the failure (never both, never a {@link java.util.concurrent.CompletionException}
     *             wrapper); must not throw
     */
    void json(BiliApiRequest request, Credential cred, boolean failOnCode, BiConsumer<Answer, Throwable> then) {
        BiliApiClient client = clients.get();
        ApiObservation observation = startObservation(client, request);
        send(client, request).whenComplete((response, error) -> {
            if (error != null) {
                Throwable cause = ProxyFailures.classify(client, request.url(), Futures.unwrap(error));
                stop(observation, new ApiCallOutcome(-1, null, cause));
                then.accept(null, cause);
                return;
            }
            Answer answer;
            try {
                answer = answer(observation, request, cred, failOnCode, response);
            } catch (RuntimeException e) {
                then.accept(null, e);
                return;
            }
            then.accept(answer, null);
        });
    }

    /** Parses a response into the answer, reporting the exchange to the observation. */
    private Answer answer(ApiObservation observation, BiliApiRequest request, Credential cred, boolean failOnCode,
            BiliApiResponse response) {
        String url = UriEncoding.withoutQuery(request.url());
        Answer answer;
        try {
            ResponseParser.Parsed parsed = ResponseParser.parse(response.code(), url, response.raw(),
                    cred == null ? credentials.credential() : cred);
            Integer code = ResponseParser.codeOrNull(parsed.root(), url);
            answer = new Answer(response, parsed.root(), code, parsed.notices(), url);
        } catch (BiliApiException e) {
            // a 412 interception carries bilibili's -412, the code metrics alert on
            stop(observation, new ApiCallOutcome(response.code(),
                    e instanceof ResponseCodeException r ? r.code() : null, e));
            throw e;
        }
        if (!answer.notices().isEmpty()) {
            List<Integer> codes = new ArrayList<>();
            answer.notices().forEach(n -> codes.add(n.path("code").asInt(0)));
            events.emit(BiliEventType.ANTI_SPIDER, "notice before the answer", Map.of("url", url, "codes", codes));
        }
        if (observation != NOT_OBSERVED) {
            stop(observation, new ApiCallOutcome(response.code(), answer.code(),
                    failOnCode ? codeError(answer) : null));
        }
        return answer;
    }

    /** @return what a caller checking the code would raise for the answer, or null when it is a success */
    private static BiliApiException codeError(Answer answer) {
        if (answer.code() == null) {
            return new ResponseParseException(answer.root().isMissingNode() ? "Empty body from " + answer.url()
                    : "Answer from " + answer.url() + " has no 'code' field");
        }
        if (answer.code() != 0) {
            return ResponseCodeException.of(answer.code(), ResponseParser.message(answer.root()), answer.root());
        }
        try {
            ResponseParser.checkChallenge(answer.root(), answer.url());
            return null;
        } catch (RiskControlException e) {
            return e;
        }
    }

    /**
     * Sends without parsing or observing (pages that are not JSON, {@link BiliContext#executeRaw}).
     *
     * @param request the request, ready to send
     * @return the response, whatever its status
     */
    CompletableFuture<BiliApiResponse> raw(BiliApiRequest request) {
        return send(clients.get(), request);
    }

    /** Sends through {@code client}, after the pacing's slot for the host when pacing is on. */
    private CompletableFuture<BiliApiResponse> send(BiliApiClient client, BiliApiRequest request) {
        if (pacing.enabled()) {
            return pacing.acquire(HostRedirect.hostOf(request.url())).thenCompose(v -> client.request(request));
        }
        return Futures.guarded(() -> client.request(request));
    }

    private ApiObservation startObservation(BiliApiClient client, BiliApiRequest request) {
        if (observer == ApiObserver.NOOP) {
            return NOT_OBSERVED; // no metrics: skip parsing the URL for tags nobody reads
        }
        try {
            URI uri = URI.create(UriEncoding.withoutQuery(request.url()).replace("***@", ""));
            ApiObservation o = observer.start(new ApiCallInfo(request.method(), uri.getScheme(), uri.getHost(),
                    uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath(),
                    client.backendName()));
            return o == null ? NOT_OBSERVED : o;
        } catch (RuntimeException e) {
            LOG.warn("ApiObserver.start failed; the exchange is not observed", e);
            return NOT_OBSERVED;
        }
    }

    private static void stop(ApiObservation observation, ApiCallOutcome outcome) {
        try {
            observation.stop(outcome);
        } catch (RuntimeException e) {
            LOG.warn("ApiObservation.stop failed", e);
        }
    }
}
