package io.github.bilibiliapi.test;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Running size and SHA-256 of one request's raw body, fed by {@link BodyStatsHandler} on the event loop. */
final class BodyStats {

    private final MessageDigest digest;
    private long size;
    private boolean complete;
    private String sha256;

    BodyStats() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    synchronized void update(ByteBuf buf) {
        if (complete || !buf.isReadable()) {
            return;
        }
        for (ByteBuffer nio : buf.nioBuffers()) {
            size += nio.remaining();
            digest.update(nio);
        }
    }

    synchronized void complete() {
        if (!complete) {
            complete = true;
            sha256 = HexFormat.of().formatHex(digest.digest());
        }
    }

    synchronized long size() {
        return size;
    }

    /** Hex SHA-256 of the body, or {@code null} until the last chunk has arrived. */
    synchronized String sha256() {
        return sha256;
    }
}
