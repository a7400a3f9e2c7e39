package io.github.bilibiliapi.user;

import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * The Reactor face of {@link UserService}: each method adapts the service's {@code CompletableFuture} (no second
 * implementation). The request starts when the {@code Mono} is subscribed, again on each subscription; cancelling
 * cancels it. Invalid arguments throw {@link IllegalArgumentException} from the call itself, as on the
 * {@code CompletableFuture} face, before any {@code Mono} exists. Needs {@code io.projectreactor:reactor-core}.
 */
public final class ReactiveUserService {

    private final UserService service;

    /** @param service the service adapted */
    public ReactiveUserService(UserService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * See {@link UserService#getUserInfo(long)}.
     *
     * @param mid a positive user id
     * @return the profile, when subscribed
     * @throws IllegalArgumentException if {@code mid <= 0}
     */
    public Mono<UserInfo> getUserInfo(long mid) {
        UserService.checkMid(mid);
        return Mono.fromFuture(() -> service.getUserInfo(mid));
    }
}
