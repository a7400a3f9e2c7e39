package io.github.bilibiliapi.search;

import io.github.bilibiliapi.internal.Nodes;
import io.github.bilibiliapi.paging.PagedFlux;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Reactor face of {@link SearchService}: each method adapts the service's {@code CompletableFuture} or
 * {@code Paged} listing (no second implementation). Requests start on subscription; a listing fetches its next page
 * on demand ({@link PagedFlux}). Invalid arguments throw {@link IllegalArgumentException} from the call itself, as on
 * the {@code CompletableFuture} face. Needs {@code io.projectreactor:reactor-core}.
 */
public final class ReactiveSearchService {

    private final SearchService service;

    /** @param service the service adapted */
    public ReactiveSearchService(SearchService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * See {@link SearchService#videos(String, VideoOrder, VideoDuration, int)}.
     *
     * @param keyword  what to search, not blank
     * @param order    the order
     * @param duration the duration filter
     * @param tid      a zone's tid, 0 for all
     * @return the hits, page by page on demand
     * @throws IllegalArgumentException for a bad argument
     */
    public Flux<VideoHit> videos(String keyword, VideoOrder order, VideoDuration duration, int tid) {
        return PagedFlux.items(service.videos(keyword, order, duration, tid));
    }

    /**
     * See {@link SearchService#videos(String)}.
     *
     * @param keyword what to search, not blank
     * @return the hits, page by page on demand
     * @throws IllegalArgumentException for a blank keyword
     */
    public Flux<VideoHit> videos(String keyword) {
        return PagedFlux.items(service.videos(keyword));
    }

    /**
     * See {@link SearchService#users(String, UserOrder)}.
     *
     * @param keyword what to search, not blank
     * @param order   the order
     * @return the hits, page by page on demand
     * @throws IllegalArgumentException for a bad argument
     */
    public Flux<UserHit> users(String keyword, UserOrder order) {
        return PagedFlux.items(service.users(keyword, order));
    }

    /**
     * See {@link SearchService#liveRooms(String, LiveRoomOrder)}.
     *
     * @param keyword what to search, not blank
     * @param order   the order
     * @return the hits, page by page on demand
     * @throws IllegalArgumentException for a bad argument
     */
    public Flux<LiveRoomHit> liveRooms(String keyword, LiveRoomOrder order) {
        return PagedFlux.items(service.liveRooms(keyword, order));
    }

    /**
     * See {@link SearchService#articles(String, ArticleOrder)}.
     *
     * @param keyword what to search, not blank
     * @param order   the order
     * @return the hits, page by page on demand
     * @throws IllegalArgumentException for a bad argument
     */
    public Flux<ArticleHit> articles(String keyword, ArticleOrder order) {
        return PagedFlux.items(service.articles(keyword, order));
    }

    /**
     * See {@link SearchService#all(String)}.
     *
     * @param keyword what to search, not blank
     * @return the overview, when subscribed
     * @throws IllegalArgumentException for a blank keyword
     */
    public Mono<SearchOverview> all(String keyword) {
        Nodes.notBlank(keyword, "keyword");
        return Mono.fromFuture(() -> service.all(keyword));
    }
}
