package io.github.bilibiliapi.favorite;

import io.github.bilibiliapi.internal.Nodes;
import io.github.bilibiliapi.paging.PagedFlux;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Reactor face of {@link FavoriteService}: each method adapts the service's {@code CompletableFuture} or
 * {@code Paged} listing (no second implementation). Requests start on subscription; a listing fetches its next page
 * on demand ({@link PagedFlux}). Invalid arguments throw {@link IllegalArgumentException} from the call itself, as on
 * the {@code CompletableFuture} face. Needs {@code io.projectreactor:reactor-core}.
 */
public final class ReactiveFavoriteService {

    private final FavoriteService service;

    /** @param service the service adapted */
    public ReactiveFavoriteService(FavoriteService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * See {@link FavoriteService#folders(long)}.
     *
     * @param upMid the user, positive
     * @return the folders, when subscribed
     * @throws IllegalArgumentException for a non-positive mid
     */
    public Mono<List<FavoriteFolder>> folders(long upMid) {
        Nodes.positive(upMid, "upMid");
        return Mono.fromFuture(() -> service.folders(upMid));
    }

    /**
     * See {@link FavoriteService#items(long)}.
     *
     * @param mediaId the folder's full id, positive
     * @return the items, page by page on demand
     * @throws IllegalArgumentException for a non-positive id
     */
    public Flux<FavoriteItem> items(long mediaId) {
        return PagedFlux.items(service.items(mediaId));
    }
}
