package io.github.bilibiliapi.login;

import io.github.bilibiliapi.api.Credential;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@link CredentialStore} in a JSON file of cookie names ({@code SESSDATA}, {@code bili_jct}, {@code DedeUserID},
 * {@code DedeUserID__ckMd5}, {@code sid}, {@code buvid3}, {@code buvid4}, {@code ac_time_value}).
 *
 * <ul>
 *   <li>Read once by {@link #open(Path)}; calls are then answered from memory.</li>
 *   <li>Written atomically: a temporary file in the same directory, created owner-only ({@code rw-------}) where the
 *       file system has POSIX permissions, flushed to disk, then moved over the file. A crash leaves the old file or
 *       the new one, never half of one.</li>
 *   <li>A corrupt file fails {@link #open(Path)} with a {@link CredentialStoreException} naming the file and the
 *       problem (never the content); the file is left untouched.</li>
 * </ul>
 *
 * <p>One process should own a file: two stores on the same file do not see each other's writes.
 */
public final class FileCredentialStore implements CredentialStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final String[] FIELDS = {"SESSDATA", "bili_jct", "DedeUserID", "DedeUserID__ckMd5", "sid",
        "buvid3", "buvid4", "ac_time_value"};

    private final Path file;
    private final Object writeLock = new Object();
    private volatile Credential current;

    private FileCredentialStore(Path file, Credential initial) {
        this.file = file;
        this.current = initial;
    }

    /**
     * Opens a store on a file, reading it when it exists. A missing file is an empty store (created on the first
     * {@link #save}, with its directory).
     *
     * @param file the JSON file
     * @return the store
     * @throws CredentialStoreException when the file exists but cannot be read or is not a credential file
     */
    public static FileCredentialStore open(Path file) {
        Objects.requireNonNull(file, "file");
        Path f = file.toAbsolutePath();
        if (Files.isDirectory(f)) {
            throw new CredentialStoreException("Credential file " + f + " is a directory");
        }
        return new FileCredentialStore(f, read(f));
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    private static Credential read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new CredentialStoreException("Cannot read the credential file " + file + ": "
                    + e.getClass().getSimpleName(), e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JacksonException e) {
            // the parser's message quotes the file: give only the position
            var loc = e.getLocation();
            throw new CredentialStoreException("Credential file " + file + " is not valid JSON"
                    + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")")
                    + "; the file was left as it is");
        }
        if (root == null || !root.isObject()) {
            throw new CredentialStoreException("Credential file " + file
                    + " does not hold a JSON object; the file was left as it is");
        }
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String name : FIELDS) {
            JsonNode v = root.get(name);
            if (v == null || v.isNull()) {
                continue;
            }
            if (!v.isString()) {
                throw new CredentialStoreException("Credential file " + file + ": field " + name
                        + " is not a string; the file was left as it is");
            }
            cookies.put(name, v.asString());
        }
        Credential c = Credential.fromCookies(cookies);
        return c.equals(Credential.empty()) ? null : c;
    }

    @Override
    public Optional<Credential> load() {
        return Optional.ofNullable(current);
    }

    @Override
    public void save(Credential credential) {
        Objects.requireNonNull(credential, "credential");
        synchronized (writeLock) {
            write(credential);
            current = credential;
        }
    }

    @Override
    public void clear() {
        synchronized (writeLock) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new CredentialStoreException("Cannot delete the credential file " + file + ": "
                        + e.getClass().getSimpleName(), e);
            }
            current = null;
        }
    }

    private void write(Credential credential) {
        ObjectNode o = JSON.createObjectNode();
        Map<String, String> cookies = credential.cookies();
        for (String name : FIELDS) {
            String v = cookies.get(name);
            if (v != null) {
                o.put(name, v);
            }
        }
        // the raw SESSDATA, not the cookie form: Credential.cookies() may have percent-encoded it
        if (credential.sessdata() != null) {
            o.put("SESSDATA", credential.sessdata());
        }
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o).getBytes(StandardCharsets.UTF_8);
        Path dir = file.getParent();
        Path tmp = null;
        try {
            if (dir != null) {
                Files.createDirectories(dir);
            }
            boolean posix = Files.getFileStore(dir == null ? file.toAbsolutePath().getRoot() : dir)
                    .supportsFileAttributeView("posix");
            FileAttribute<?>[] attrs = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                    : new FileAttribute<?>[0];
            tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", attrs);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new CredentialStoreException("Cannot write the credential file " + file + " (the previous "
                    + "credential is kept): " + e.getClass().getSimpleName(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write already failed and is reported; a stray temporary file is all that is left
                }
            }
        }
    }

    /** Shows the file and which fields are set, never their values. */
    @Override
    public String toString() {
        Credential c = current;
        return "FileCredentialStore[" + file + ", " + (c == null ? "empty" : c) + "]";
    }
}
