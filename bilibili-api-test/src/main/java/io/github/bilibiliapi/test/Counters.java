package io.github.bilibiliapi.test;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe connection/request counters and a bounded log of recent requests. */
final class Counters {

    /** A recorded request whose body size is still being counted. */
    private record Entry(String method, String uri, String path, String rawQuery, Map<String, List<String>> headers,
            Map<String, String> cookies, BodyStats body, boolean secure, Instant receivedAt) {

        RecordedRequest snapshot() {
            return new RecordedRequest(method, uri, path, rawQuery, headers, cookies, body == null ? 0 : body.size(),
                    secure, receivedAt);
        }
    }

    private final AtomicLong connectionsOpened = new AtomicLong();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final Map<String, LongAdder> requestsByPath = new ConcurrentHashMap<>();
    private final Deque<Entry> recent = new ArrayDeque<>();
    private final int recentLimit;

    Counters(int recentLimit) {
        this.recentLimit = recentLimit;
    }

    void connectionOpened() {
        connectionsOpened.incrementAndGet();
        openConnections.incrementAndGet();
    }

    void connectionClosed() {
        openConnections.decrementAndGet();
    }

    void request(RouteRequest req, boolean secure) {
        requestsByPath.computeIfAbsent(req.path(), p -> new LongAdder()).increment();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        req.headers().forEach(h -> headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT),
                k -> new ArrayList<>()).add(h.getValue()));
        headers.replaceAll((k, v) -> List.copyOf(v));
        Entry e = new Entry(req.method(), req.uri(), req.path(), req.rawQuery(), headers, req.cookies(),
                req.bodyStats(), secure, Instant.now());
        synchronized (recent) {
            recent.addLast(e);
            while (recent.size() > recentLimit) {
                recent.removeFirst();
            }
        }
    }

    long connectionsOpened() {
        return connectionsOpened.get();
    }

    int openConnections() {
        return openConnections.get();
    }

    long requestCount(String path) {
        LongAdder a = requestsByPath.get(path);
        return a == null ? 0 : a.sum();
    }

    long totalRequests() {
        return requestsByPath.values().stream().mapToLong(LongAdder::sum).sum();
    }

    List<RecordedRequest> recent(String pathOrNull) {
        List<RecordedRequest> out = new ArrayList<>();
        synchronized (recent) {
            for (Entry e : recent) {
                if (pathOrNull == null || e.path.equals(pathOrNull)) {
                    out.add(e.snapshot());
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    void reset() {
        connectionsOpened.set(0);
        requestsByPath.clear();
        synchronized (recent) {
            recent.clear();
        }
    }
}
