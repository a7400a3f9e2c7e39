package io.github.bilibiliapi.comment;

import io.github.bilibiliapi.paging.PagedFlux;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Reactor face of {@link CommentService}: each method adapts the service's {@code CompletableFuture} or
 * {@code Paged} listing (no second implementation). Requests start on subscription; a listing fetches its next page
 * on demand ({@link PagedFlux}). Invalid arguments throw {@link IllegalArgumentException} from the call itself, as on
 * the {@code CompletableFuture} face. Needs {@code io.projectreactor:reactor-core}.
 */
public final class ReactiveCommentService {

    private final CommentService service;

    /** @param service the service adapted */
    public ReactiveCommentService(CommentService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * See {@link CommentService#list(CommentType, long, CommentSort)}.
     *
     * @param type the area's type
     * @param oid  the area's id, positive
     * @param sort the order
     * @return the comments, page by page on demand
     * @throws IllegalArgumentException for a bad argument
     */
    public Flux<Comment> list(CommentType type, long oid, CommentSort sort) {
        return PagedFlux.items(service.list(type, oid, sort));
    }

    /**
     * See {@link CommentService#replies(CommentType, long, long)}.
     *
     * @param type the area's type
     * @param oid  the area's id, positive
     * @param root the root comment's rpid, positive
     * @return the replies, page by page on demand
     * @throws IllegalArgumentException for a bad argument
     */
    public Flux<Comment> replies(CommentType type, long oid, long root) {
        return PagedFlux.items(service.replies(type, oid, root));
    }

    /**
     * See {@link CommentService#post(CommentType, long, String)}. Not idempotent: each subscription posts.
     *
     * @param type    the area's type
     * @param oid     the area's id
     * @param message the text
     * @return the posted comment, when subscribed
     * @throws IllegalArgumentException for a bad argument
     * @throws io.github.bilibiliapi.api.CredentialException without a login
     */
    public Mono<PostedComment> post(CommentType type, long oid, String message) {
        CommentService.checkAdd(service, type, oid, message);
        return Mono.fromFuture(() -> service.post(type, oid, message));
    }

    /**
     * See {@link CommentService#reply(CommentType, long, long, long, String)}. Not idempotent: each subscription posts.
     *
     * @param type    the area's type
     * @param oid     the area's id
     * @param root    the root comment's rpid
     * @param parent  the comment replied to
     * @param message the text
     * @return the posted reply, when subscribed
     * @throws IllegalArgumentException for a bad argument
     * @throws io.github.bilibiliapi.api.CredentialException without a login
     */
    public Mono<PostedComment> reply(CommentType type, long oid, long root, long parent, String message) {
        CommentService.checkReply(root, parent);
        CommentService.checkAdd(service, type, oid, message);
        return Mono.fromFuture(() -> service.reply(type, oid, root, parent, message));
    }
}
