package io.github.bilibiliapi.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A loopback HTTP/1.1 server that answers the first request of every connection (keep-alive) and closes the
 * connection, without an answer, as soon as a second request has arrived on it: what a client sees when it reuses a
 * pooled connection the server has just dropped. Records the method of every request it read, in order.
 */
public final class ReusedConnectionServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Thread acceptor;
    private final List<String> methods = Collections.synchronizedList(new ArrayList<>());
    private final List<Socket> connections = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> handlers = Collections.synchronizedList(new ArrayList<>());

    private ReusedConnectionServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "conformance-reuse-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a server.
     *
     * @return the server
     * @throws IOException if it cannot bind
     */
    public static ReusedConnectionServer start() throws IOException {
        return new ReusedConnectionServer();
    }

    /**
     * The URL of a path on this server.
     *
     * @param path a path starting with {@code /}
     * @return the URL
     */
    public String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    /**
     * The methods of the requests read so far, in order.
     *
     * @return a snapshot
     */
    public List<String> methods() {
        synchronized (methods) {
            return List.copyOf(methods);
        }
    }

    /**
     * The connections accepted so far.
     *
     * @return the count
     */
    public int connectionCount() {
        return connections.size();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connections.add(connection);
                Thread handler = new Thread(() -> serve(connection), "conformance-reuse-server-connection");
                handler.setDaemon(true);
                handlers.add(handler);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
            for (int n = 1; ; n++) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                methods.add(head.substring(0, head.indexOf(' ')));
                in.readNBytes(contentLength(head));
                if (n > 1) {
                    return; // closed with the request unanswered
                }
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
                        + "Connection: keep-alive\r\n\r\nok").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) { // up to the blank line after the headers
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            last4 = last4 << 8 | b;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        synchronized (connections) {
            for (Socket c : connections) {
                c.close();
            }
        }
        try {
            acceptor.join(5_000);
            synchronized (handlers) {
                for (Thread t : handlers) {
                    t.join(5_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
