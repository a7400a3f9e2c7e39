package io.github.bilibiliapi.test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** Per-path FIFO of scripted faults; each entry fires a number of times (or forever) and is then dropped. */
final class ScriptBook {

    static final int FOREVER = Integer.MAX_VALUE;

    private static final class Entry {
        final Fault fault;
        int remaining;

        Entry(Fault fault, int remaining) {
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private final Map<String, Deque<Entry>> byPath = new HashMap<>();

    synchronized void add(String path, Fault fault, int times) {
        byPath.computeIfAbsent(path, p -> new ArrayDeque<>()).addLast(new Entry(fault, times));
    }

    /** Takes the fault for the next request to {@code path}, or {@code null}. */
    synchronized Fault poll(String path) {
        Deque<Entry> q = byPath.get(path);
        if (q == null || q.isEmpty()) {
            return null;
        }
        Entry e = q.peekFirst();
        if (e.remaining != FOREVER && --e.remaining == 0) {
            q.pollFirst();
        }
        return e.fault;
    }

    synchronized int pending(String path) {
        Deque<Entry> q = byPath.get(path);
        return q == null ? 0 : q.size();
    }

    synchronized void clear() {
        byPath.clear();
    }
}
