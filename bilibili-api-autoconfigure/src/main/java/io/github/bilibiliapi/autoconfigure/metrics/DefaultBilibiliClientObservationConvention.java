package io.github.bilibiliapi.autoconfigure.metrics;

import io.github.bilibiliapi.api.ApiCallInfo;
import io.github.bilibiliapi.api.ApiCallOutcome;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.util.Locale;

/**
 * The default convention of {@code bilibili.client.requests}. Low-cardinality key values only:
 * <ul>
 * <li>{@code method}: the HTTP method;</li>
 * <li>{@code uri}: the URL path, never the query (the number of distinct values is capped by
 *     {@code bilibili.metrics.max-uri-tags});</li>
 * <li>{@code status}: the HTTP status, {@code IO_ERROR} when no response arrived, {@code UNKNOWN} while running;</li>
 * <li>{@code outcome}: {@code SUCCESS}, {@code REDIRECTION}, {@code CLIENT_ERROR}, {@code SERVER_ERROR},
 *     {@code INFORMATIONAL} or {@code UNKNOWN}, from the HTTP status like Spring's HTTP client observations (a bilibili
 *     error comes back as HTTP 200: see {@code bili.code});</li>
 * <li>{@code exception}: the simple class name of the failure, or {@code none};</li>
 * <li>{@code client.name}: the host the request went to (after host redirection);</li>
 * <li>{@code backend}: the client backend ({@code okhttp}, {@code webclient}, {@code jdk} or a custom name);</li>
 * <li>{@code bili.code}: bilibili's JSON {@code code} ({@code 0} for success, {@code -352}/{@code -412} for risk
 *     control...), or {@code none} when no JSON code was read.</li>
 * </ul>
 */
public class DefaultBilibiliClientObservationConvention implements BilibiliClientObservationConvention {

    /** The observation's name, hence the timer's ({@code .active} is the long task timer). */
    public static final String NAME = "bilibili.client.requests";

    private static final String NONE = "none";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(BilibiliClientObservationContext context) {
        return "bilibili " + context.getInfo().method().toLowerCase(Locale.ROOT);
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(BilibiliClientObservationContext context) {
        ApiCallInfo info = context.getInfo();
        ApiCallOutcome outcome = context.getOutcome();
        Throwable error = outcome != null && outcome.error() != null ? outcome.error() : context.getError();
        return KeyValues.of(method(info), uri(info), status(outcome), outcome(outcome), exception(error),
                clientName(info), backend(info), biliCode(outcome));
    }

    /**
     * @param info the call
     * @return {@code method}
     */
    protected KeyValue method(ApiCallInfo info) {
        return KeyValue.of("method", valueOrUnknown(info.method()));
    }

    /**
     * @param info the call
     * @return {@code uri}: the path, without query
     */
    protected KeyValue uri(ApiCallInfo info) {
        String path = info.path() == null || info.path().isEmpty() ? "/" : info.path();
        int query = path.indexOf('?');
        return KeyValue.of("uri", query >= 0 ? path.substring(0, query) : path);
    }

    /**
     * @param outcome the outcome, or {@code null}
     * @return {@code status}
     */
    protected KeyValue status(ApiCallOutcome outcome) {
        if (outcome == null) {
            return KeyValue.of("status", "UNKNOWN");
        }
        return KeyValue.of("status", outcome.httpStatus() < 0 ? "IO_ERROR" : Integer.toString(outcome.httpStatus()));
    }

    /**
     * @param outcome the outcome, or {@code null}
     * @return {@code outcome}, from the HTTP status
     */
    protected KeyValue outcome(ApiCallOutcome outcome) {
        int status = outcome == null ? -1 : outcome.httpStatus();
        String value;
        if (status >= 100 && status < 200) {
            value = "INFORMATIONAL";
        } else if (status >= 200 && status < 300) {
            value = "SUCCESS";
        } else if (status >= 300 && status < 400) {
            value = "REDIRECTION";
        } else if (status >= 400 && status < 500) {
            value = "CLIENT_ERROR";
        } else if (status >= 500 && status < 600) {
            value = "SERVER_ERROR";
        } else {
            value = "UNKNOWN";
        }
        return KeyValue.of("outcome", value);
    }

    /**
     * @param error the failure, or {@code null}
     * @return {@code exception}
     */
    protected KeyValue exception(Throwable error) {
        if (error == null) {
            return KeyValue.of("exception", NONE);
        }
        String name = error.getClass().getSimpleName();
        return KeyValue.of("exception", name.isEmpty() ? error.getClass().getName() : name);
    }

    /**
     * @param info the call
     * @return {@code client.name}: the host
     */
    protected KeyValue clientName(ApiCallInfo info) {
        return KeyValue.of("client.name", valueOrUnknown(info.host()));
    }

    /**
     * @param info the call
     * @return {@code backend}
     */
    protected KeyValue backend(ApiCallInfo info) {
        return KeyValue.of("backend", valueOrUnknown(info.backend()));
    }

    /**
     * @param outcome the outcome, or {@code null}
     * @return {@code bili.code}
     */
    protected KeyValue biliCode(ApiCallOutcome outcome) {
        return KeyValue.of("bili.code", outcome == null || outcome.biliCode() == null ? NONE
                : Integer.toString(outcome.biliCode()));
    }

    private static String valueOrUnknown(String value) {
        return value == null || value.isEmpty() ? "UNKNOWN" : value;
    }
}
