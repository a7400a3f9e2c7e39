package io.github.bilibiliapi.live;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.live.danmaku.DanmakuEvent;
import io.github.bilibiliapi.live.danmaku.DanmakuFlux;
import io.github.bilibiliapi.live.danmaku.LiveDanmaku;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Reactor face of {@link LiveService}: each method adapts the service's {@code CompletableFuture} (no second
 * implementation), plus the room's danmaku as a {@link Flux}. Requests start when subscribed; cancelling cancels
 * them. Invalid arguments throw {@link IllegalArgumentException} from the call itself, as on the
 * {@code CompletableFuture} face. Needs {@code io.projectreactor:reactor-core}.
 */
public final class ReactiveLiveService {

    private final LiveService service;

    private final BiliContext context;

    /**
     * @param service the service adapted
     * @param context the context live connections run in
     */
    public ReactiveLiveService(LiveService service, BiliContext context) {
        this.service = Objects.requireNonNull(service, "service");
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * See {@link LiveService#getRoomInit(long)}.
     *
     * @param displayId a positive room id as shown in the URL
     * @return the room identity, when subscribed
     * @throws IllegalArgumentException if {@code displayId <= 0}
     */
    public Mono<RoomInit> getRoomInit(long displayId) {
        LiveService.checkRoomId(displayId);
        return Mono.fromFuture(() -> service.getRoomInit(displayId));
    }

    /**
     * See {@link LiveService#getDanmuInfo(long)}.
     *
     * @param realRoomId a positive real room id
     * @return the token and hosts, when subscribed
     * @throws IllegalArgumentException if {@code realRoomId <= 0}
     */
    public Mono<DanmuInfo> getDanmuInfo(long realRoomId) {
        LiveService.checkRoomId(realRoomId);
        return Mono.fromFuture(() -> service.getDanmuInfo(realRoomId));
    }

    /**
     * See {@link LiveService#getDanmuInfo(long, io.github.bilibiliapi.api.Credential)}.
     *
     * @param realRoomId a positive real room id
     * @param credential the login to fetch the token with ({@code null}: the context's current credential)
     * @return the token and hosts, when subscribed
     * @throws IllegalArgumentException if {@code realRoomId <= 0}
     */
    public Mono<DanmuInfo> getDanmuInfo(long realRoomId, io.github.bilibiliapi.api.Credential credential) {
        LiveService.checkRoomId(realRoomId);
        return Mono.fromFuture(() -> service.getDanmuInfo(realRoomId, credential));
    }

    /**
     * A room's live events: subscribing connects a {@link LiveDanmaku} (with its reconnects and heartbeats),
     * cancelling disconnects it. Each subscription is its own connection.
     *
     * @param displayId a positive room id as shown in the URL
     * @param types     the event types wanted (a stripped {@code cmd} such as {@code DANMU_MSG}, or a
     *                  {@link DanmakuEvent} constant); none means all
     * @return the events; completes when the connection ends for good, fails if it cannot connect
     * @throws IllegalArgumentException if {@code displayId <= 0}
     */
    public Flux<DanmakuEvent> danmaku(long displayId, String... types) {
        LiveService.checkRoomId(displayId);
        String[] wanted = types.clone();
        return Flux.using(() -> LiveDanmaku.builder(context, displayId).build(),
                d -> DanmakuFlux.events(d, wanted).mergeWith(Mono.fromFuture(d::connect).then(Mono.empty())),
                // disconnect() without waiting: a cancel may arrive on the connection's own thread (from a listener)
                LiveDanmaku::disconnect);
    }

    /**
     * See {@link LiveService#sendDanmaku(long, String)}. Not idempotent: each subscription sends.
     *
     * @param roomId the room id as shown in its URL
     * @param text   the text, not blank
     * @return the messages bilibili accepted, when subscribed
     * @throws IllegalArgumentException if {@code roomId <= 0} or {@code text} is blank
     * @throws io.github.bilibiliapi.api.CredentialException if the credential has no SESSDATA or bili_jct
     */
    public Mono<List<SentDanmaku>> sendDanmaku(long roomId, String text) {
        return sendDanmaku(roomId, text, SendDanmakuOptions.defaults());
    }

    /**
     * See {@link LiveService#sendDanmaku(long, String, SendDanmakuOptions)}. Not idempotent: each subscription sends.
     *
     * @param roomId  the room id as shown in its URL
     * @param text    the text, not blank
     * @param options colour, mode, size, length limit, mention
     * @return the messages bilibili accepted, when subscribed
     * @throws IllegalArgumentException if {@code roomId <= 0} or {@code text} is blank
     * @throws io.github.bilibiliapi.api.CredentialException if the credential has no SESSDATA or bili_jct
     */
    public Mono<List<SentDanmaku>> sendDanmaku(long roomId, String text, SendDanmakuOptions options) {
        // eager, as on the CompletableFuture face: a bad argument throws here, not when subscribed
        service.checkSend(roomId, text, options);
        return Mono.fromFuture(() -> service.sendDanmaku(roomId, text, options));
    }
}
