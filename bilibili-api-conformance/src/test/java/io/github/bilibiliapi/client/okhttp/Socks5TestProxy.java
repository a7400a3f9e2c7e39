package io.github.bilibiliapi.client.okhttp;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SOCKS5 proxy for tests (RFC 1928, "no authentication" only, CONNECT only, IPv4 and domain-name targets):
 * enough to prove a client really goes through a SOCKS proxy. Records each CONNECT target. Threads are named
 * {@code socks5-test-...} and end on {@link #close()}.
 */
final class Socks5TestProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<String> targets = new CopyOnWriteArrayList<>();

    Socks5TestProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        start("accept", this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    /** {@code host:port} of each CONNECT, in order. */
    List<String> targets() {
        return List.copyOf(targets);
    }

    private void start(String name, Runnable task) {
        Thread t = new Thread(task, "socks5-test-" + name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                start("session", () -> session(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void session(Socket client) {
        try {
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            if (in.readUnsignedByte() != 5) {
                throw new IOException("not SOCKS5");
            }
            byte[] methods = new byte[in.readUnsignedByte()];
            in.readFully(methods);
            out.write(new byte[] {5, 0}); // no authentication
            if (in.readUnsignedByte() != 5 || in.readUnsignedByte() != 1) {
                throw new IOException("only CONNECT is supported");
            }
            in.readUnsignedByte(); // reserved
            String host;
            int type = in.readUnsignedByte();
            if (type == 1) {
                byte[] ip = new byte[4];
                in.readFully(ip);
                host = InetAddress.getByAddress(ip).getHostAddress();
            } else if (type == 3) {
                byte[] name = new byte[in.readUnsignedByte()];
                in.readFully(name);
                host = new String(name, StandardCharsets.US_ASCII);
            } else {
                throw new IOException("unsupported address type " + type);
            }
            int port = in.readUnsignedShort();
            targets.add(host + ":" + port);
            Socket upstream = new Socket(host, port);
            sockets.add(upstream);
            out.write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
            out.flush();
            start("up", () -> pump(client, upstream));
            pump(upstream, client);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side went away: both are closed below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing after a failure: nothing left to report
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        sockets.forEach(Socks5TestProxy::closeQuietly);
        for (Thread t : threads) {
            t.join(5_000);
        }
    }
}
