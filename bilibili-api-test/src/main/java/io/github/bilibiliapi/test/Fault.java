package io.github.bilibiliapi.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Scripted misbehaviour applied by the server's interceptor to a request before (or instead of) its route. Immutable;
 * build with the static factories and refine with the {@code with...}/{@link #afterDelay} methods. Queue with
 * {@link FakeBilibiliServer#script(String, Fault)}.
 */
public final class Fault {

    /** What the fault does once its delay has passed. */
    enum Kind {
        /** Let the route answer (used with a delay). */
        PASS,
        /** Answer status + headers + body. */
        RESPOND,
        /** Send headers then the body in chunks at intervals. */
        TRICKLE,
        /** Send headers and part of the body, then reset the TCP connection. */
        RESET_MID_BODY,
        /** Read the request and never answer. */
        NO_RESPONSE,
        /** Close the connection without writing a byte. */
        CLOSE
    }

    final Kind kind;
    final int status;
    final List<Map.Entry<String, String>> headers;
    final byte[] body;
    final Duration delay;
    final int chunkSize;
    final Duration interval;
    final int declaredLength;

    private Fault(Kind kind, int status, List<Map.Entry<String, String>> headers, byte[] body, Duration delay,
            int chunkSize, Duration interval, int declaredLength) {
        this.kind = kind;
        this.status = status;
        this.headers = List.copyOf(headers);
        this.body = body;
        this.delay = delay;
        this.chunkSize = chunkSize;
        this.interval = interval;
        this.declaredLength = declaredLength;
    }

    /**
     * Waits, then lets the route answer normally (delay before headers).
     *
     * @param delay how long to hold the request
     * @return the fault
     */
    public static Fault delay(Duration delay) {
        return new Fault(Kind.PASS, 0, List.of(), new byte[0], checkDelay(delay), 0, Duration.ZERO, 0);
    }

    /**
     * Answers with a status and an empty body instead of the route.
     *
     * @param status HTTP status, 100..999
     * @return the fault
     */
    public static Fault respond(int status) {
        return new Fault(Kind.RESPOND, checkStatus(status), List.of(), new byte[0], Duration.ZERO, 0, Duration.ZERO,
                0);
    }

    /**
     * Answers with a status and a text body instead of the route.
     *
     * @param status      HTTP status
     * @param contentType value of {@code Content-Type}, e.g. {@code text/html; charset=utf-8}
     * @param body        body, sent as UTF-8
     * @return the fault
     */
    public static Fault respond(int status, String contentType, String body) {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        return respond(status).withHeader("Content-Type", contentType)
                .withBody(body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Answers with an HTML page, as bilibili's edge does for 412 "request blocked".
     *
     * @param status HTTP status
     * @param html   the page
     * @return the fault
     */
    public static Fault html(int status, String html) {
        return respond(status, "text/html; charset=utf-8", html);
    }

    /**
     * Answers 200 with {@code body}, announcing its full {@code Content-Length} but writing {@code chunkSize} bytes
     * every {@code interval} (the first chunk right after the headers).
     *
     * @param body      the full body
     * @param chunkSize bytes per write, at least 1
     * @param interval  pause between writes
     * @return the fault
     */
    public static Fault trickle(byte[] body, int chunkSize, Duration interval) {
        Objects.requireNonNull(body, "body");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be >= 1, was " + chunkSize);
        }
        return new Fault(Kind.TRICKLE, 200, List.of(Map.entry("Content-Type", "application/octet-stream")),
                body.clone(), Duration.ZERO, chunkSize, checkDelay(interval), 0);
    }

    /**
     * Answers 200 announcing {@code Content-Length: declaredLength}, writes the first {@code sentBytes} bytes, then
     * resets the TCP connection (RST, via {@code SO_LINGER=0}).
     *
     * @param declaredLength the length announced in the headers
     * @param sentBytes      how many bytes to write before the reset, less than {@code declaredLength}
     * @return the fault
     */
    public static Fault resetMidBody(int declaredLength, int sentBytes) {
        if (sentBytes < 0 || sentBytes >= declaredLength) {
            throw new IllegalArgumentException("need 0 <= sentBytes < declaredLength, got sentBytes=" + sentBytes
                    + " declaredLength=" + declaredLength);
        }
        byte[] body = new byte[sentBytes];
        for (int i = 0; i < sentBytes; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        return new Fault(Kind.RESET_MID_BODY, 200, List.of(Map.entry("Content-Type", "application/octet-stream")),
                body, Duration.ZERO, 0, Duration.ZERO, declaredLength);
    }

    /**
     * Accepts the request and never answers (until the client gives up or the server closes).
     *
     * @return the fault
     */
    public static Fault noResponse() {
        return new Fault(Kind.NO_RESPONSE, 0, List.of(), new byte[0], Duration.ZERO, 0, Duration.ZERO, 0);
    }

    /**
     * Closes the connection without writing any response byte.
     *
     * @return the fault
     */
    public static Fault closeWithoutResponse() {
        return new Fault(Kind.CLOSE, 0, List.of(), new byte[0], Duration.ZERO, 0, Duration.ZERO, 0);
    }

    /**
     * Adds a response header (for {@code respond}, {@code trickle} and {@code resetMidBody}); repeatable.
     *
     * @param name  header name
     * @param value header value
     * @return a new fault
     */
    public Fault withHeader(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        List<Map.Entry<String, String>> h = new ArrayList<>(headers);
        h.add(Map.entry(name, value));
        return new Fault(kind, status, h, body, delay, chunkSize, interval, declaredLength);
    }

    /**
     * Replaces the body (for {@code respond} and {@code trickle}).
     *
     * @param newBody the body
     * @return a new fault
     */
    public Fault withBody(byte[] newBody) {
        Objects.requireNonNull(newBody, "newBody");
        return new Fault(kind, status, headers, newBody.clone(), delay, chunkSize, interval, declaredLength);
    }

    /**
     * Replaces the status (for {@code respond}, {@code trickle} and {@code resetMidBody}).
     *
     * @param newStatus HTTP status
     * @return a new fault
     */
    public Fault withStatus(int newStatus) {
        return new Fault(kind, checkStatus(newStatus), headers, body, delay, chunkSize, interval, declaredLength);
    }

    /**
     * Waits before doing anything else (before headers).
     *
     * @param newDelay the wait
     * @return a new fault
     */
    public Fault afterDelay(Duration newDelay) {
        return new Fault(kind, status, headers, body, checkDelay(newDelay), chunkSize, interval, declaredLength);
    }

    @Override
    public String toString() {
        return "Fault[" + kind + (status > 0 ? " " + status : "") + (delay.isZero() ? "" : " after " + delay) + "]";
    }

    private static int checkStatus(int status) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("HTTP status must be in 100..999, was " + status);
        }
        return status;
    }

    private static Duration checkDelay(Duration d) {
        Objects.requireNonNull(d, "duration");
        if (d.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was " + d);
        }
        return d;
    }
}
