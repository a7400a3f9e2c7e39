package io.github.bilibiliapi.live.danmaku;

/**
 * A typed view of a server message:
 *
 * <pre>{@code
 * danmaku.onAny(e -> e.message().ifPresent(m -> {
 *     if (m instanceof DanmuMessage d) {
 *         System.out.println(d.uname() + ": " + d.text());
 *     } else if (m instanceof GiftMessage g) {
 *         System.out.println(g.uname() + " " + g.action() + " " + g.giftName());
 *     }
 * }));
 * }</pre>
 *
 * <p>The same views come from the web protocol and from the Open Platform ({@code LIVE_OPEN_PLATFORM_*} messages),
 * so one listener serves both; fields a protocol does not carry are 0 or empty (the Open Platform identifies users by
 * {@code openId} instead of {@code uid}).
 */
public sealed interface LiveMessage permits DanmuMessage, GiftMessage, SuperChatMessage, SuperChatDeleteMessage,
        GuardBuyMessage, UserToastMessage, LiveStatusMessage, RoomChangeMessage, WatchedChangeMessage,
        OnlineRankCountMessage, LikeClickMessage, LikeUpdateMessage, EntryEffectMessage, InteractWordMessage,
        LogInNoticeMessage {
}
