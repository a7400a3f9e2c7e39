package io.github.bilibiliapi.client.jdk;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A one-connection WebSocket server written on a plain socket, for what the fake cannot do: send fragmented messages
 * (FIN=0 + continuation frames) and pings. It writes the frames it is given, and records every frame the client sends.
 */
final class RawWebSocketPeer implements AutoCloseable {

    /** One frame. */
    record Frame(boolean fin, int opcode, byte[] payload) {
    }

    private final ServerSocket listener;
    private final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile Socket socket;

    RawWebSocketPeer(List<Frame> toSend) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(toSend), "test-raw-ws");
        thread.setDaemon(true);
        thread.start();
    }

    String url() {
        return "ws://127.0.0.1:" + listener.getLocalPort() + "/raw";
    }

    /** Frames the client sent, in order (unmasked). */
    BlockingQueue<Frame> received() {
        return received;
    }

    private void serve(List<Frame> toSend) {
        try (Socket s = listener.accept()) {
            socket = s;
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            String key = null;
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                if (line.regionMatches(true, 0, "Sec-WebSocket-Key:", 0, 18)) {
                    key = line.substring(18).strip();
                }
            }
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            for (Frame f : toSend) {
                write(out, f);
            }
            out.flush();
            DataInputStream data = new DataInputStream(in);
            while (true) {
                Frame f = read(data);
                received.add(f);
                if (f.opcode() == 0x8) {
                    write(out, new Frame(true, 0x8, f.payload())); // echo the close, then hang up
                    out.flush();
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away or the test closed us; the test asserts on what was received
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed during the handshake");
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(
                    (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(OutputStream out, Frame f) throws IOException {
        out.write((f.fin() ? 0x80 : 0) | f.opcode());
        int n = f.payload().length;
        if (n < 126) {
            out.write(n);
        } else if (n < 65536) {
            out.write(126);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) n >>> shift));
            }
        }
        out.write(f.payload());
    }

    private static Frame read(DataInputStream in) throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long n = b1 & 0x7f;
        if (n == 126) {
            n = in.readUnsignedShort();
        } else if (n == 127) {
            n = in.readLong();
        }
        byte[] mask = new byte[4];
        if ((b1 & 0x80) != 0) {
            in.readFully(mask);
        }
        byte[] payload = new byte[(int) n];
        in.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        return new Frame((b0 & 0x80) != 0, b0 & 0x0f, payload);
    }

    @Override
    public void close() throws Exception {
        listener.close();
        Socket s = socket;
        if (s != null) {
            s.close();
        }
        thread.join(10_000);
    }
}
