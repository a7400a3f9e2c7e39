package io.github.bilibiliapi.live.danmaku;

import tools.jackson.databind.JsonNode;

/**
 * One event from a live room: a server message dispatched by its {@code cmd}, or one of the connection's own events.
 *
 * <p>For server messages {@link #type()} is the {@code cmd} with any {@code :suffix} removed
 * ({@code DANMU_MSG:4:0:2:2:2:0} → {@code DANMU_MSG}) and {@link #raw()} is the whole message JSON. The connection's
 * own events:
 * <ul>
 *   <li>{@link #VERIFICATION_SUCCESSFUL}: the server accepted the auth packet; {@code raw} is its reply
 *       ({@code {"code":0}}). Sent again after every successful reconnect.</li>
 *   <li>{@link #VIEW}: a heartbeat reply; {@code raw} is the popularity number, also in {@link #popularity()}.</li>
 *   <li>{@link #RECONNECTING}: the connection was lost; {@code raw} is {@code {"reason", "attempt", "delayMillis"}}.</li>
 *   <li>{@link #DISCONNECT}: the client stopped for good (after {@code disconnect()} or when it gave up);
 *       {@code raw} is {@code {"reason"}}. The last event.</li>
 *   <li>{@link #ERROR}: a frame or message could not be decoded, or a packet had an unknown op; {@code error} says
 *       what, {@code raw} is {@code {"message"}}. The client skipped it and goes on.</li>
 * </ul>
 *
 * <p>{@code raw} is shared by all listeners of the event: treat it as read-only.
 *
 * @param type   the event type: a stripped {@code cmd} or one of the constants here
 * @param raw    the JSON payload, never {@code null}
 * @param roomId the real room id (0 before {@code room_init} answered)
 * @param error  the error of an {@link #ERROR} event, otherwise {@code null}
 */
public record DanmakuEvent(String type, JsonNode raw, long roomId, Throwable error) {

    /** The server accepted the auth packet. */
    public static final String VERIFICATION_SUCCESSFUL = "VERIFICATION_SUCCESSFUL";
    /** A heartbeat reply carrying the room's popularity. */
    public static final String VIEW = "VIEW";
    /** The connection was lost and another attempt is scheduled. */
    public static final String RECONNECTING = "RECONNECTING";
    /** The client has stopped; no event follows. */
    public static final String DISCONNECT = "DISCONNECT";
    /** A frame, packet or message was skipped; see {@link #error()}. */
    public static final String ERROR = "ERROR";
    /** bilibili's notice to a connection that is not logged in: names are masked from now on. */
    public static final String LOG_IN_NOTICE = "LOG_IN_NOTICE";

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if {@code type} is blank or {@code raw} is null
     */
    public DanmakuEvent {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("type must not be blank");
        }
        if (raw == null) {
            throw new IllegalArgumentException("raw must not be null");
        }
    }

    /**
     * The {@code cmd} of a server message as sent, suffix included, or {@code ""} for the connection's own events.
     *
     * @return the raw command
     */
    public String cmd() {
        return raw.path("cmd").asString("");
    }

    /**
     * The popularity of a {@link #VIEW} event.
     *
     * @return the popularity
     * @throws IllegalStateException if this is not a {@code VIEW} event
     */
    public long popularity() {
        require(VIEW);
        return raw.asLong(0);
    }

    /**
     * The typed view of a {@code DANMU_MSG} (or the Open Platform's {@code LIVE_OPEN_PLATFORM_DM}).
     *
     * @return the view
     * @throws IllegalStateException if this is not a {@code DANMU_MSG} event
     */
    public DanmuMessage danmu() {
        require("DANMU_MSG");
        return DanmuMessage.from(raw);
    }

    /**
     * The typed view of a {@code SEND_GIFT} (or {@code LIVE_OPEN_PLATFORM_SEND_GIFT}).
     *
     * @return the view
     * @throws IllegalStateException if this is not a {@code SEND_GIFT} event
     */
    public GiftMessage gift() {
        require("SEND_GIFT");
        return GiftMessage.from(raw);
    }

    /**
     * The typed view of a {@code SUPER_CHAT_MESSAGE}, {@code SUPER_CHAT_MESSAGE_JPN} (or
     * {@code LIVE_OPEN_PLATFORM_SUPER_CHAT}).
     *
     * @return the view
     * @throws IllegalStateException if this is not a super chat event
     */
    public SuperChatMessage superChat() {
        if (!"SUPER_CHAT_MESSAGE_JPN".equals(type)) {
            require("SUPER_CHAT_MESSAGE");
        }
        return SuperChatMessage.from(raw);
    }

    /**
     * The typed view of a {@code SUPER_CHAT_MESSAGE_DELETE} (or {@code LIVE_OPEN_PLATFORM_SUPER_CHAT_DEL}).
     *
     * @return the view
     * @throws IllegalStateException if this is not such an event
     */
    public SuperChatDeleteMessage superChatDelete() {
        require("SUPER_CHAT_MESSAGE_DELETE");
        return SuperChatDeleteMessage.from(raw);
    }

    /**
     * The typed view of an {@code INTERACT_WORD} or {@code INTERACT_WORD_V2} (or
     * {@code LIVE_OPEN_PLATFORM_LIVE_ROOM_ENTER}).
     *
     * @return the view
     * @throws IllegalStateException if this is not such an event
     */
    public InteractWordMessage interactWord() {
        if (!"INTERACT_WORD_V2".equals(type)) {
            require("INTERACT_WORD");
        }
        return InteractWordMessage.from(raw);
    }

    /**
     * The typed view of a {@code GUARD_BUY} (or {@code LIVE_OPEN_PLATFORM_GUARD}).
     *
     * @return the view
     * @throws IllegalStateException if this is not a {@code GUARD_BUY} event
     */
    public GuardBuyMessage guardBuy() {
        require("GUARD_BUY");
        return GuardBuyMessage.from(raw);
    }

    /**
     * The typed view of a {@code LOG_IN_NOTICE}.
     *
     * @return the view
     * @throws IllegalStateException if this is not a {@code LOG_IN_NOTICE} event
     */
    public LogInNoticeMessage logInNotice() {
        require(LOG_IN_NOTICE);
        return LogInNoticeMessage.from(raw);
    }

    /**
     * The typed view of this server message, for the commands listed on {@link LiveMessage}'s implementations:
     * {@code DANMU_MSG}, {@code SEND_GIFT}, {@code SUPER_CHAT_MESSAGE(_JPN)}, {@code SUPER_CHAT_MESSAGE_DELETE},
     * {@code GUARD_BUY}, {@code USER_TOAST_MSG}, {@code LIVE}, {@code PREPARING}, {@code ROOM_CHANGE},
     * {@code WATCHED_CHANGE}, {@code ONLINE_RANK_COUNT}, {@code LIKE_INFO_V3_CLICK}, {@code LIKE_INFO_V3_UPDATE},
     * {@code ENTRY_EFFECT}, {@code INTERACT_WORD(_V2)}, {@code LOG_IN_NOTICE}, and the Open Platform's
     * {@code LIVE_OPEN_PLATFORM_*} equivalents. Parsed on each call.
     *
     * @return the view, or empty for other commands and the connection's own events
     * @throws IllegalArgumentException if the message lacks what its command must carry (no {@code data}, bad
     *                                  protobuf)
     */
    public java.util.Optional<LiveMessage> message() {
        LiveMessage m = switch (type) {
            case "DANMU_MSG" -> DanmuMessage.from(raw);
            case "SEND_GIFT" -> GiftMessage.from(raw);
            case "SUPER_CHAT_MESSAGE", "SUPER_CHAT_MESSAGE_JPN" -> SuperChatMessage.from(raw);
            case "SUPER_CHAT_MESSAGE_DELETE" -> SuperChatDeleteMessage.from(raw);
            case "GUARD_BUY" -> GuardBuyMessage.from(raw);
            case "USER_TOAST_MSG" -> UserToastMessage.from(raw);
            case "LIVE" -> LiveStatusMessage.from(raw, true);
            case "PREPARING" -> LiveStatusMessage.from(raw, false);
            case "ROOM_CHANGE" -> RoomChangeMessage.from(raw);
            case "WATCHED_CHANGE" -> WatchedChangeMessage.from(raw);
            case "ONLINE_RANK_COUNT" -> OnlineRankCountMessage.from(raw);
            case "LIKE_INFO_V3_CLICK" -> LikeClickMessage.from(raw);
            case "LIKE_INFO_V3_UPDATE" -> LikeUpdateMessage.from(raw);
            case "ENTRY_EFFECT" -> EntryEffectMessage.from(raw);
            case "INTERACT_WORD", "INTERACT_WORD_V2" -> InteractWordMessage.from(raw);
            case LOG_IN_NOTICE -> LogInNoticeMessage.from(raw);
            default -> null;
        };
        return java.util.Optional.ofNullable(m);
    }

    /**
     * The event type for a {@code cmd}: the part before the first {@code ':'}; the Open Platform's
     * {@code LIVE_OPEN_PLATFORM_DM}, {@code _SEND_GIFT}, {@code _SUPER_CHAT}, {@code _SUPER_CHAT_DEL}, {@code _GUARD},
     * {@code _LIKE}, {@code _LIVE_ROOM_ENTER}, {@code _LIVE_START} and {@code _LIVE_END} become the web protocol's
     * {@code DANMU_MSG}, {@code SEND_GIFT}, {@code SUPER_CHAT_MESSAGE}, {@code SUPER_CHAT_MESSAGE_DELETE},
     * {@code GUARD_BUY}, {@code LIKE_INFO_V3_CLICK}, {@code INTERACT_WORD}, {@code LIVE} and {@code PREPARING}, so
     * one listener serves both ({@link #cmd()} keeps the original).
     *
     * @param cmd a command as sent by the server
     * @return the stripped command
     */
    public static String typeOf(String cmd) {
        int colon = cmd.indexOf(':');
        String type = colon < 0 ? cmd : cmd.substring(0, colon);
        if (type.startsWith(OpenPlatformViews.PREFIX)) {
            return OpenPlatformViews.TYPES.getOrDefault(type, type);
        }
        return type;
    }

    /** Shows the type and room; the payload may be large, so only its size is shown. */
    @Override
    public String toString() {
        return "DanmakuEvent[type=" + type + ", roomId=" + roomId + (error != null ? ", error=" + error : "")
                + ", raw=" + (raw.isContainer() ? raw.size() + " fields" : raw.toString()) + "]";
    }

    private void require(String expected) {
        if (!expected.equals(type)) {
            throw new IllegalStateException("this is a " + type + " event, not " + expected);
        }
    }

    static JsonNode dataOf(JsonNode raw, String cmd) {
        JsonNode d = raw == null ? null : raw.get("data");
        if (d == null || !d.isObject()) {
            throw new IllegalArgumentException("not a " + cmd + ": no data object");
        }
        return d;
    }
}
