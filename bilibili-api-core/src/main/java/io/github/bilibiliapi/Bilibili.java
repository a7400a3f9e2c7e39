package io.github.bilibiliapi;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.comment.CommentService;
import io.github.bilibiliapi.dynamic.DynamicService;
import io.github.bilibiliapi.favorite.FavoriteService;
import io.github.bilibiliapi.live.LiveService;
import io.github.bilibiliapi.login.LoginService;
import io.github.bilibiliapi.search.SearchService;
import io.github.bilibiliapi.space.SpaceService;
import io.github.bilibiliapi.user.UserService;
import io.github.bilibiliapi.video.VideoService;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The one entry point: every endpoint service of one {@link BiliContext}, by area ({@link #users()},
 * {@link #videos()}, {@link #live()}, {@link #dynamics()}, {@link #comments()}, {@link #search()}, {@link #spaces()},
 * {@link #favorites()}, {@link #login()}), and their Reactor face ({@link #reactive()}). In Spring
 * Boot it is an auto-configured bean whose parts are the service beans (so a service bean the application replaces is
 * the one used here); in plain Java, {@code Bilibili.of(context)}.
 *
 * <pre>{@code
 * try (BiliApiClients clients = BiliApiClients.create()) {
 *     Bilibili bilibili = Bilibili.of(BiliContext.builder().client(clients.get()).build());
 *     VideoInfo video = bilibili.videos().getVideoInfo("BV17x411w7KC").join();
 * }
 * }</pre>
 *
 * <p>The services are created on first use and kept. It owns nothing: closing the client is the caller's business.
 */
public final class Bilibili {

    private final BiliContext context;

    private final Function<Class<?>, Object> supplied;

    private final Map<Class<?>, Object> services = new ConcurrentHashMap<>();

    private volatile ReactiveBilibili reactive;

    private Bilibili(BiliContext context, Function<Class<?>, Object> supplied) {
        this.context = Objects.requireNonNull(context, "context");
        this.supplied = Objects.requireNonNull(supplied, "supplied");
    }

    /**
     * The services of a context, each created from it.
     *
     * @param context the context requests run in
     * @return the facade
     */
    public static Bilibili of(BiliContext context) {
        return new Bilibili(context, type -> null);
    }

    /**
     * The services of a context, taking those {@code supplied} returns (for example the beans of an application
     * context) and creating the others from the context.
     *
     * @param context  the context requests run in
     * @param supplied returns the service instance of a type, or {@code null} to create it from the context
     * @return the facade
     */
    public static Bilibili of(BiliContext context, Function<Class<?>, Object> supplied) {
        return new Bilibili(context, supplied);
    }

    /**
     * Returns the context the services run in (credential, settings, client).
     *
     * @return the context
     */
    public BiliContext context() {
        return context;
    }

    /**
     * Returns the user endpoints.
     *
     * @return the user service
     */
    public UserService users() {
        return service(UserService.class, UserService::new);
    }

    /**
     * Returns the video endpoints.
     *
     * @return the video service
     */
    public VideoService videos() {
        return service(VideoService.class, VideoService::new);
    }

    /**
     * Returns the dynamic (feed) endpoints.
     *
     * @return the dynamic service
     */
    public DynamicService dynamics() {
        return service(DynamicService.class, DynamicService::new);
    }

    /**
     * Returns the live room endpoints.
     *
     * @return the live service
     */
    public LiveService live() {
        return service(LiveService.class, LiveService::new);
    }

    /**
     * Returns the comment endpoints.
     *
     * @return the comment service
     */
    public CommentService comments() {
        return service(CommentService.class, CommentService::new);
    }

    /**
     * Returns the search endpoints.
     *
     * @return the search service
     */
    public SearchService search() {
        return service(SearchService.class, SearchService::new);
    }

    /**
     * Returns the user-space endpoints (uploads, follower counts).
     *
     * @return the space service
     */
    public SpaceService spaces() {
        return service(SpaceService.class, SpaceService::new);
    }

    /**
     * Returns the favourites endpoints.
     *
     * @return the favourite service
     */
    public FavoriteService favorites() {
        return service(FavoriteService.class, FavoriteService::new);
    }

    /**
     * Returns the login endpoints (QR login, logout). In Spring Boot it is the auto-configured {@code LoginService}
     * with its credential store; in plain Java one without a store.
     *
     * @return the login service
     */
    public LoginService login() {
        return service(LoginService.class, LoginService::new);
    }

    /**
     * Returns the Reactor face of the same services: every method returns a {@code Mono} or {@code Flux}.
     *
     * @return the reactive facade
     * @throws IllegalStateException if Reactor ({@code io.projectreactor:reactor-core}) is not on the classpath
     */
    public ReactiveBilibili reactive() {
        ReactiveBilibili r = reactive;
        if (r == null) {
            try {
                Class.forName("reactor.core.publisher.Mono", false, Bilibili.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("The reactive face needs Reactor: add io.projectreactor:reactor-core "
                        + "(spring-boot-starter-webflux brings it)", e);
            }
            r = new ReactiveBilibili(this);
            reactive = r;
        }
        return r;
    }

    /**
     * Returns the service of a type: the supplied one, or one created from the context (and kept). New services are
     * added as one accessor calling this.
     */
    private <T> T service(Class<T> type, Function<BiliContext, T> create) {
        return type.cast(services.computeIfAbsent(type, t -> {
            Object given = supplied.apply(t);
            return given != null ? given : create.apply(context);
        }));
    }

    @Override
    public String toString() {
        return "Bilibili[" + context + "]";
    }
}
