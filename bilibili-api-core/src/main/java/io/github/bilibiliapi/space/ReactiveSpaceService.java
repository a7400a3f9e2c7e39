package io.github.bilibiliapi.space;

import io.github.bilibiliapi.internal.Nodes;
import io.github.bilibiliapi.paging.PagedFlux;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Reactor face of {@link SpaceService}: each method adapts the service's {@code CompletableFuture} or
 * {@code Paged} listing (no second implementation). Requests start on subscription; a listing fetches its next page
 * on demand ({@link PagedFlux}). Invalid arguments throw {@link IllegalArgumentException} from the call itself, as on
 * the {@code CompletableFuture} face. Needs {@code io.projectreactor:reactor-core}.
 */
public final class ReactiveSpaceService {

    private final SpaceService service;

    /** @param service the service adapted */
    public ReactiveSpaceService(SpaceService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * See {@link SpaceService#uploads(long, UploadOrder, String, int)}.
     *
     * @param mid     the user, positive
     * @param order   the order
     * @param keyword a filter, or {@code null}
     * @param tid     a zone's tid, 0 for all
     * @return the uploads, page by page on demand
     * @throws IllegalArgumentException for a bad argument
     */
    public Flux<Upload> uploads(long mid, UploadOrder order, String keyword, int tid) {
        return PagedFlux.items(service.uploads(mid, order, keyword, tid));
    }

    /**
     * See {@link SpaceService#uploads(long)}.
     *
     * @param mid the user, positive
     * @return the uploads, page by page on demand
     * @throws IllegalArgumentException for a non-positive mid
     */
    public Flux<Upload> uploads(long mid) {
        return PagedFlux.items(service.uploads(mid));
    }

    /**
     * See {@link SpaceService#relationStat(long)}.
     *
     * @param mid the user, positive
     * @return the counts, when subscribed
     * @throws IllegalArgumentException for a non-positive mid
     */
    public Mono<RelationStat> relationStat(long mid) {
        Nodes.positive(mid, "mid");
        return Mono.fromFuture(() -> service.relationStat(mid));
    }
}
