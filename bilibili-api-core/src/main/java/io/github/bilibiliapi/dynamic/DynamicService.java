package io.github.bilibiliapi.dynamic;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.client.BiliApiFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Dynamic (feed) endpoints. */
public final class DynamicService {

    static final String UPLOAD_BFS_URL = "https://api.bilibili.com/x/dynamic/feed/draw/upload_bfs";

    private final BiliContext context;

    /** @param context the context requests run in; its credential (or none) must be logged in */
    public DynamicService(BiliContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * {@code POST /x/dynamic/feed/draw/upload_bfs}: multipart part {@code file_up}, {@code biz=new_dyn},
     * {@code category=daily}, csrf. Needs a login.
     *
     * @param image a readable image file
     * @return where bilibili stored it
     * @throws IllegalArgumentException if the file does not exist or is not readable (before any I/O)
     * @throws io.github.bilibiliapi.api.CredentialException without SESSDATA or bili_jct (before any I/O)
     */
    public CompletableFuture<UploadedImage> uploadImage(Path image) {
        Objects.requireNonNull(image, "image");
        if (!Files.isRegularFile(image) || !Files.isReadable(image)) {
            throw new IllegalArgumentException("Image to upload is not a readable file: " + image);
        }
        Api api = Api.post(UPLOAD_BFS_URL).file("file_up", BiliApiFile.of(image)).data("biz", "new_dyn")
                .data("category", "daily").verify(true).build();
        return context.execute(api).thenApply(r -> UploadedImage.from(r.data()));
    }
}
