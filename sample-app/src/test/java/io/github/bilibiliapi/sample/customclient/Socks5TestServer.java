package io.github.bilibiliapi.sample.customclient;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal SOCKS5 proxy for tests (RFC 1928 CONNECT, RFC 1929 user name/password): the fake bilibili has no SOCKS
 * proxy. Blocking sockets, a thread per direction; {@link #close()} closes every socket so all its threads end.
 */
final class Socks5TestServer implements AutoCloseable {

    private final ServerSocket listener;
    private final String user;
    private final String password;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<String> targets = new CopyOnWriteArrayList<>();
    private final AtomicInteger authFailures = new AtomicInteger();

    private Socks5TestServer(String user, String password) throws IOException {
        this.user = user;
        this.password = password;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "socks5-test-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a proxy that requires the given credentials.
     *
     * @param user     the user name
     * @param password the password
     * @return the running proxy
     * @throws IOException if the port cannot be bound
     */
    static Socks5TestServer start(String user, String password) throws IOException {
        return new Socks5TestServer(user, password);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** {@code host:port} of every tunnel opened, in order. */
    List<String> targets() {
        return List.copyOf(targets);
    }

    int authFailures() {
        return authFailures.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                spawn(() -> serve(client), "socks5-test-conn");
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void spawn(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    private void serve(Socket client) {
        try {
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            if (in.readUnsignedByte() != 5) {
                throw new IOException("not SOCKS5");
            }
            byte[] methods = in.readNBytes(in.readUnsignedByte());
            if (!contains(methods, 2)) {
                authFailures.incrementAndGet(); // counted before answering: the client acts on the answer at once
                out.write(new byte[] {5, (byte) 0xFF});
                return;
            }
            out.write(new byte[] {5, 2});
            in.readUnsignedByte(); // sub-negotiation version 1
            String u = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
            String p = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
            if (!u.equals(user) || !p.equals(password)) {
                authFailures.incrementAndGet();
                out.write(new byte[] {1, 1});
                return;
            }
            out.write(new byte[] {1, 0});
            if (in.readUnsignedByte() != 5 || in.readUnsignedByte() != 1) {
                throw new IOException("only CONNECT is supported");
            }
            in.readUnsignedByte(); // reserved
            String host = switch (in.readUnsignedByte()) {
                case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
                case 3 -> new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
                case 4 -> InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
                default -> throw new IOException("bad address type");
            };
            int port = in.readUnsignedShort();
            Socket target = new Socket();
            sockets.add(target);
            target.connect(new InetSocketAddress(host, port));
            targets.add(host + ":" + port);
            out.write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
            out.flush();
            spawn(() -> pipe(target, client), "socks5-test-relay");
            pipe(client, target);
        } catch (IOException e) {
            // the peer went away: the relay ends with it
        } finally {
            closeQuietly(client);
        }
    }

    private static boolean contains(byte[] methods, int method) {
        for (byte m : methods) {
            if (m == method) {
                return true;
            }
        }
        return false;
    }

    private void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            in.transferTo(out);
        } catch (IOException e) {
            // one side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
