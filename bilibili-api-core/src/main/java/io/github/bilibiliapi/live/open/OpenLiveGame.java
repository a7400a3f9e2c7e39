package io.github.bilibiliapi.live.open;

import java.util.List;
import java.util.Objects;

/**
 * A started game (场次), from {@code /v2/app/start}: its id, the anchor, and how to open the danmaku WebSocket.
 * {@link #toString()} hides the auth body (it carries the connection key).
 *
 * @param gameId     {@code game_info.game_id}; heartbeats and {@code end} name it
 * @param anchor     {@code anchor_info}
 * @param wssLinks   {@code websocket_info.wss_link}: {@code wss://host:port/sub} addresses, in bilibili's order
 * @param authBody   {@code websocket_info.auth_body}: sent verbatim as the body of the auth packet
 */
public record OpenLiveGame(String gameId, Anchor anchor, List<String> wssLinks, String authBody) {

    /**
     * Validates and copies.
     *
     * @throws NullPointerException if a field is null
     */
    public OpenLiveGame {
        Objects.requireNonNull(gameId, "gameId");
        Objects.requireNonNull(anchor, "anchor");
        wssLinks = List.copyOf(wssLinks);
        Objects.requireNonNull(authBody, "authBody");
    }

    /**
     * The streamer whose identity code started the game.
     *
     * @param roomId the live room id
     * @param uid    the uid (0 when bilibili no longer sends it)
     * @param openId the app-scoped user id ({@code ""} in older answers)
     * @param uname  the name
     * @param uface  the avatar URL
     */
    public record Anchor(long roomId, long uid, String openId, String uname, String uface) {
    }

    @Override
    public String toString() {
        return "OpenLiveGame[gameId=" + gameId + ", anchor=" + anchor + ", wssLinks=" + wssLinks
                + ", authBody=<hidden>]";
    }
}
