package io.github.bilibiliapi.video;

/**
 * The file changed on the server during a download (its size or ETag differ between chunks). The partial file is
 * deleted: its chunks come from two versions.
 */
public final class FileChangedException extends DownloadException {

    private static final long serialVersionUID = 1L;

    /** @param message what differs */
    public FileChangedException(String message) {
        super(message, null);
    }
}
