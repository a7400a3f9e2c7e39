package io.github.bilibiliapi.live;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.BiliContext;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Live-room endpoints. */
public final class LiveService {

    static final String ROOM_INIT_URL = "https://api.live.bilibili.com/room/v1/Room/room_init";
    static final String DANMU_INFO_URL = "https://api.live.bilibili.com/xlive/web-room/v1/index/getDanmuInfo";

    private final BiliContext context;

    /** @param context the context requests run in */
    public LiveService(BiliContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * {@code GET room_init?id=}: resolves a display (short) room id to the real one.
     *
     * @param displayId a positive room id as shown in the URL
     * @return the room identity
     * @throws IllegalArgumentException if {@code displayId <= 0}
     */
    public CompletableFuture<RoomInit> getRoomInit(long displayId) {
        if (displayId <= 0) {
            throw new IllegalArgumentException("room id must be positive, got " + displayId);
        }
        return context.execute(Api.get(ROOM_INIT_URL).param("id", displayId).build())
                .thenApply(r -> RoomInit.from(r.data()));
    }

    /**
     * {@code GET getDanmuInfo?id=&type=0&web_location=444.8}, WBI-signed: the danmaku token and servers.
     *
     * @param realRoomId a positive real room id (see {@link #getRoomInit})
     * @return the token and hosts
     * @throws IllegalArgumentException if {@code realRoomId <= 0}
     */
    public CompletableFuture<DanmuInfo> getDanmuInfo(long realRoomId) {
        if (realRoomId <= 0) {
            throw new IllegalArgumentException("room id must be positive, got " + realRoomId);
        }
        Api api = Api.get(DANMU_INFO_URL).param("id", realRoomId).param("type", 0).param("web_location", "444.8")
                .wbi(true).build();
        return context.execute(api).thenApply(r -> DanmuInfo.from(r.data()));
    }
}
