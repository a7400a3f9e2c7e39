package io.github.bilibiliapi.client.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The integer handles of a client's WebSockets: handles come from a
 * per-client counter, closed ones are removed so the table does not grow.
 *
 * @param <C> the backend's connection type
 */
final class WsHandleTable<C> {

    private final AtomicInteger counter = new AtomicInteger();
    private final ConcurrentHashMap<Integer, C> connections = new ConcurrentHashMap<>();

    /**
     * Adds a connection.
     *
     * @param connection the connection
     * @return its new handle
     */
    public int add(C connection) {
        int handle = counter.incrementAndGet();
        connections.put(handle, connection);
        return handle;
    }

    /**
     * Looks a connection up.
     *
     * @param handle the handle
     * @return the connection
     * @throws IllegalArgumentException if the handle is unknown or closed
     */
    public C get(int handle) {
        C c = connections.get(handle);
        if (c == null) {
            throw unknown(handle);
        }
        return c;
    }

    /**
     * Removes a connection.
     *
     * @param handle the handle
     * @return the connection, or {@code null} if it was not there
     */
    public C remove(int handle) {
        return connections.remove(handle);
    }

    /**
     * Removes and returns every connection.
     *
     * @return the connections that were open
     */
    public List<C> removeAll() {
        List<C> all = new ArrayList<>();
        for (Integer handle : new ArrayList<>(connections.keySet())) {
            C c = connections.remove(handle);
            if (c != null) {
                all.add(c);
            }
        }
        return all;
    }

    /**
     * Returns the number of open handles.
     *
     * @return the size of the table
     */
    public int size() {
        return connections.size();
    }

    /**
     * Builds the error for a handle that is not in the table.
     *
     * @param handle the handle
     * @return the exception
     */
    public static IllegalArgumentException unknown(int handle) {
        return new IllegalArgumentException("WebSocket handle " + handle + " is unknown or closed");
    }
}
