package io.github.bilibiliapi.dynamic;

import io.github.bilibiliapi.paging.PagedFlux;
import java.nio.file.Path;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Reactor face of {@link DynamicService}: each method adapts the service's {@code CompletableFuture} (no second
 * implementation). The request starts when the {@code Mono} is subscribed (an upload is not idempotent: subscribe
 * once); cancelling cancels it. Invalid arguments throw {@link IllegalArgumentException} from the call itself, as on
 * the {@code CompletableFuture} face. Needs {@code io.projectreactor:reactor-core}.
 */
public final class ReactiveDynamicService {

    private final DynamicService service;

    /** @param service the service adapted */
    public ReactiveDynamicService(DynamicService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * See {@link DynamicService#uploadImage(Path)}.
     *
     * @param image a readable image file
     * @return where bilibili stored it, when subscribed
     * @throws IllegalArgumentException if the file does not exist or is not readable
     */
    public Mono<UploadedImage> uploadImage(Path image) {
        DynamicService.checkImage(image);
        return Mono.fromFuture(() -> service.uploadImage(image));
    }

    /**
     * See {@link DynamicService#spaceFeed(long)}.
     *
     * @param mid the user, positive
     * @return the feed items, page by page on demand
     * @throws IllegalArgumentException for a non-positive mid
     */
    public Flux<DynamicItem> spaceFeed(long mid) {
        return PagedFlux.items(service.spaceFeed(mid));
    }
}
