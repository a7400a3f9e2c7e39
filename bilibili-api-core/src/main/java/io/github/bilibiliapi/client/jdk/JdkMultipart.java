package io.github.bilibiliapi.client.jdk;

import io.github.bilibiliapi.client.BiliApiFile;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A {@code multipart/form-data} body for the JDK client: text parts are small byte arrays, file parts are
 * {@link BodyPublishers#ofFile} publishers, all joined with {@link BodyPublishers#concat}, so files are streamed from
 * disk in chunks and never read whole into memory. Every part has a known length, so the request carries a
 * {@code Content-Length}.
 */
final class JdkMultipart {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String boundary;
    private final BodyPublisher publisher;

    private JdkMultipart(String boundary, BodyPublisher publisher) {
        this.boundary = boundary;
        this.publisher = publisher;
    }

    /**
     * Builds the body.
     *
     * @param fields text fields, in order
     * @param files  file parts, in order
     * @return the body and its boundary
     */
    static JdkMultipart of(Map<String, String> fields, Map<String, BiliApiFile> files) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String boundary = "----BiliApiJdkBoundary" + HexFormat.of().formatHex(random);
        List<BodyPublisher> parts = new ArrayList<>();
        StringBuilder head = new StringBuilder();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            head.append("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(quote(field.getKey())).append("\"\r\n")
                    .append("\r\n")
                    .append(field.getValue()).append("\r\n");
        }
        for (Map.Entry<String, BiliApiFile> file : files.entrySet()) {
            BiliApiFile f = file.getValue();
            head.append("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(quote(file.getKey()))
                    .append("\"; filename=\"").append(quote(f.fileName())).append("\"\r\n")
                    .append("Content-Type: ").append(f.mimeType()).append("\r\n")
                    .append("\r\n");
            parts.add(BodyPublishers.ofByteArray(head.toString().getBytes(StandardCharsets.UTF_8)));
            head.setLength(0);
            try {
                parts.add(BodyPublishers.ofFile(f.path()));
            } catch (FileNotFoundException e) {
                // checked when the request was built; the file went away since
                throw new UncheckedIOException("File to upload disappeared: " + f.path(), e);
            }
            head.append("\r\n");
        }
        head.append("--").append(boundary).append("--\r\n");
        parts.add(BodyPublishers.ofByteArray(head.toString().getBytes(StandardCharsets.UTF_8)));
        return new JdkMultipart(boundary, BodyPublishers.concat(parts.toArray(BodyPublisher[]::new)));
    }

    /** Escapes a name as browsers do (WHATWG): {@code "} and line breaks percent-encoded. */
    private static String quote(String name) {
        return name.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }

    /**
     * Returns the {@code Content-Type} header value.
     *
     * @return {@code multipart/form-data; boundary=...}
     */
    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /**
     * Returns the body publisher.
     *
     * @return the publisher
     */
    BodyPublisher publisher() {
        return publisher;
    }
}
