package io.github.bilibiliapi.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file to upload as one part of a multipart request. Backends stream it from
 * disk; it is never read whole into memory.
 *
 * @param path     the file
 * @param mimeType its MIME type, for example {@code image/png}
 */
public record BiliApiFile(Path path, String mimeType) {

    /**
     * Validates the file reference (not the file itself: that is checked when a request is built).
     *
     * @param path     the file
     * @param mimeType its MIME type
     */
    public BiliApiFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(mimeType, "mimeType");
        if (mimeType.isBlank() || mimeType.indexOf('/') < 0) {
            throw new IllegalArgumentException("mimeType must look like type/subtype, got '" + mimeType + "'");
        }
    }

    /**
     * Creates a file part, guessing the MIME type from the platform's detectors, then from the JDK's built-in
     * file-name table (so that {@code .png}, {@code .jpg}, {@code .gif} work on machines without
     * {@code /etc/mime.types}), and falling back to {@code application/octet-stream}.
     *
     * @param path the file
     * @return the file part
     */
    public static BiliApiFile of(Path path) {
        Objects.requireNonNull(path, "path");
        String type;
        try {
            type = Files.probeContentType(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot determine the MIME type of " + path, e);
        }
        if (type == null) {
            type = java.net.URLConnection.getFileNameMap().getContentTypeFor(path.getFileName() == null ? ""
                    : path.getFileName().toString());
        }
        return new BiliApiFile(path, type == null ? "application/octet-stream" : type);
    }

    /**
     * Returns the file name sent in the part's {@code Content-Disposition}.
     *
     * @return the last path element
     */
    public String fileName() {
        Path name = path.getFileName();
        return name == null ? path.toString() : name.toString();
    }

    /** Checks the file can be read, so that a missing file fails before any I/O on the network. */
    void checkReadable() {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("File to upload does not exist or is not a regular file: " + path);
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("File to upload is not readable: " + path);
        }
    }
}
