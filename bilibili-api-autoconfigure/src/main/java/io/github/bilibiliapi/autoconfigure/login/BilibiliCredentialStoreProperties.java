package io.github.bilibiliapi.autoconfigure.login;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code bilibili.credential.store.*}: where the login is kept. Without a file the login lives in memory, starting
 * from {@code bilibili.credential.*}.
 */
@ConfigurationProperties("bilibili.credential.store")
public class BilibiliCredentialStoreProperties {

    /**
     * JSON file holding the login (written atomically, owner-only). When it does not exist yet it starts from
     * bilibili.credential.*; when it exists it wins over them.
     */
    private Path file;

    /** @return the file, or null for an in-memory store */
    public Path getFile() {
        return file;
    }

    /** @param file the file */
    public void setFile(Path file) {
        this.file = file;
    }
}
