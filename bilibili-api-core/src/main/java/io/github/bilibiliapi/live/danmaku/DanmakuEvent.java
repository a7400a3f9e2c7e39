package io.github.bilibiliapi.live.danmaku;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
 * <p>A server message received by a connection is read only as far as its event needs: the {@code cmd}, then the
 * values its typed view ({@link #message()}) reads, which are read once, when the message is decoded. The message's
 * bytes are kept, and {@link #raw()} builds the Jackson tree from them on its first call (once, whichever thread
 * calls first). A message whose JSON is broken in the part that was read (before its {@code cmd} or in its view's
 * values) arrives as an {@link #ERROR} event; one that breaks only after them arrives as its own type, and its
 * {@link #raw()} throws {@link DanmakuProtocolException}.
 *
 * <p>{@code raw} is shared by all listeners of the event: treat it as read-only. Events made with the public
 * constructor hold the tree they were given.
 */
public final class DanmakuEvent {

    private static final JsonMapper JSON = JsonMapper.builder().build();

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

    private final String type;
    private final long roomId;
    private final Throwable error;
    /** The command as sent; {@code null} for an event made from a tree (read from it on demand). */
    private final String cmd;
    /** The message as received, for {@link #raw()}; {@code null} for an event made from a tree. */
    private final byte[] body;
    private volatile JsonNode raw;
    /** An {@code Optional<LiveMessage>}, or the {@code RuntimeException} reading the view threw. */
    private volatile Object view;

    /**
     * An event with its payload as a tree, as a connection makes for its own events.
     *
     * @param type   the event type: a stripped {@code cmd} or one of the constants here
     * @param raw    the JSON payload, never {@code null}
     * @param roomId the real room id (0 before {@code room_init} answered)
     * @param error  the error of an {@link #ERROR} event, otherwise {@code null}
     * @throws IllegalArgumentException if {@code type} is blank or {@code raw} is null
     */
    public DanmakuEvent(String type, JsonNode raw, long roomId, Throwable error) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("type must not be blank");
        }
        if (raw == null) {
            throw new IllegalArgumentException("raw must not be null");
        }
        this.type = type;
        this.raw = raw;
        this.roomId = roomId;
        this.error = error;
        this.cmd = null;
        this.body = null;
    }

    /** A server message read by {@link MessageReader}: its view from the partial tree, the tree itself on demand. */
    private DanmakuEvent(String type, String cmd, byte[] body, JsonNode partial, long roomId) {
        this.type = type;
        this.cmd = cmd;
        this.body = body;
        this.roomId = roomId;
        this.error = null;
        this.view = readView(type, partial);
    }

    /**
     * A server message as a connection decodes it.
     *
     * @param type    the event type ({@link #typeOf(String)} of {@code cmd})
     * @param cmd     the command as sent
     * @param body    the message's bytes, owned by the event from now on
     * @param partial what {@link MessageReader} read of it for the view (at least {@code cmd})
     * @param roomId  the real room id
     */
    static DanmakuEvent decoded(String type, String cmd, byte[] body, JsonNode partial, long roomId) {
        return new DanmakuEvent(type, cmd, body, partial, roomId);
    }

    /**
     * The event type: a stripped {@code cmd} or one of the constants here.
     *
     * @return the type
     */
    public String type() {
        return type;
    }

    /**
     * The JSON payload: the whole message for a server message (built on the first call, then kept), otherwise the
     * payload described on the event type.
     *
     * @return the payload, never {@code null}
     * @throws DanmakuProtocolException (kind {@code MALFORMED}) if the message's JSON is broken past the part read
     *                                  when it was decoded
     */
    public JsonNode raw() {
        JsonNode r = raw;
        if (r == null) {
            synchronized (this) {
                r = raw;
                if (r == null) {
                    try {
                        r = JSON.readTree(body);
                    } catch (tools.jackson.core.JacksonException e) {
                        throw new DanmakuProtocolException(DanmakuProtocolException.Kind.MALFORMED,
                                "message body is not JSON (" + body.length + " bytes): " + e.getOriginalMessage(), e);
                    }
                    raw = r;
                }
            }
        }
        return r;
    }

    /**
     * The real room id.
     *
     * @return the room id (0 before {@code room_init} answered)
     */
    public long roomId() {
        return roomId;
    }

    /**
     * The error of an {@link #ERROR} event.
     *
     * @return the error, otherwise {@code null}
     */
    public Throwable error() {
        return error;
    }

    /**
     * The {@code cmd} of a server message as sent, suffix included, or {@code ""} for the connection's own events.
     *
     * @return the raw command
     */
    public String cmd() {
        return cmd != null ? cmd : raw.path("cmd").asString("");
    }

    /**
     * The popularity of a {@link #VIEW} event.
     *
     * @return the popularity
     * @throws IllegalStateException if this is not a {@code VIEW} event
     */
    public long popularity() {
        require(VIEW);
        return raw().asLong(0);
    }

    /**
     * The typed view of a {@code DANMU_MSG} (or the Open Platform's {@code LIVE_OPEN_PLATFORM_DM}).
     *
     * @return the view
     * @throws IllegalStateException if this is not a {@code DANMU_MSG} event
     */
    public DanmuMessage danmu() {
        require("DANMU_MSG");
        return (DanmuMessage) message().orElseThrow();
    }

    /**
     * The typed view of a {@code SEND_GIFT} (or {@code LIVE_OPEN_PLATFORM_SEND_GIFT}).
     *
     * @return the view
     * @throws IllegalStateException if this is not a {@code SEND_GIFT} event
     */
    public GiftMessage gift() {
        require("SEND_GIFT");
        return (GiftMessage) message().orElseThrow();
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
        return (SuperChatMessage) message().orElseThrow();
    }

    /**
     * The typed view of a {@code SUPER_CHAT_MESSAGE_DELETE} (or {@code LIVE_OPEN_PLATFORM_SUPER_CHAT_DEL}).
     *
     * @return the view
     * @throws IllegalStateException if this is not such an event
     */
    public SuperChatDeleteMessage superChatDelete() {
        require("SUPER_CHAT_MESSAGE_DELETE");
        return (SuperChatDeleteMessage) message().orElseThrow();
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
        return (InteractWordMessage) message().orElseThrow();
    }

    /**
     * The typed view of a {@code GUARD_BUY} (or {@code LIVE_OPEN_PLATFORM_GUARD}).
     *
     * @return the view
     * @throws IllegalStateException if this is not a {@code GUARD_BUY} event
     */
    public GuardBuyMessage guardBuy() {
        require("GUARD_BUY");
        return (GuardBuyMessage) message().orElseThrow();
    }

    /**
     * The typed view of a {@code LOG_IN_NOTICE}.
     *
     * @return the view
     * @throws IllegalStateException if this is not a {@code LOG_IN_NOTICE} event
     */
    public LogInNoticeMessage logInNotice() {
        require(LOG_IN_NOTICE);
        return (LogInNoticeMessage) message().orElseThrow();
    }

    /**
     * The typed view of this server message, for the commands listed on {@link LiveMessage}'s implementations:
     * {@code DANMU_MSG}, {@code SEND_GIFT}, {@code SUPER_CHAT_MESSAGE(_JPN)}, {@code SUPER_CHAT_MESSAGE_DELETE},
     * {@code GUARD_BUY}, {@code USER_TOAST_MSG}, {@code LIVE}, {@code PREPARING}, {@code ROOM_CHANGE},
     * {@code WATCHED_CHANGE}, {@code ONLINE_RANK_COUNT}, {@code LIKE_INFO_V3_CLICK}, {@code LIKE_INFO_V3_UPDATE},
     * {@code ENTRY_EFFECT}, {@code INTERACT_WORD(_V2)}, {@code LOG_IN_NOTICE}, and the Open Platform's
     * {@code LIVE_OPEN_PLATFORM_*} equivalents. Read once (for a server message from a connection, when it was
     * decoded) and the same view returned to every caller.
     *
     * @return the view, or empty for other commands and the connection's own events
     * @throws IllegalArgumentException if the message lacks what its command must carry (no {@code data}, bad
     *                                  protobuf)
     */
    @SuppressWarnings("unchecked")
    public java.util.Optional<LiveMessage> message() {
        Object v = view;
        if (v == null) {
            v = readView(type, raw);
            view = v;
        }
        if (v instanceof RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return (java.util.Optional<LiveMessage>) v;
    }

    /** The view of a message, or what reading it threw (kept to throw from {@link #message()}). */
    private static Object readView(String type, JsonNode raw) {
        try {
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
        } catch (RuntimeException e) {
            return e;
        }
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

    /**
     * Events are equal when their type, room, error (by identity) and JSON payload are; comparing a decoded message
     * with another builds both trees.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DanmakuEvent other)) {
            return false;
        }
        if (roomId != other.roomId || !type.equals(other.type) || error != other.error
                || !cmd().equals(other.cmd())) {
            return false;
        }
        if (body != null && other.body != null && java.util.Arrays.equals(body, other.body)) {
            return true;
        }
        return raw().equals(other.raw());
    }

    /** From the type, room and {@code cmd}: never builds the tree. */
    @Override
    public int hashCode() {
        return java.util.Objects.hash(type, roomId, cmd(), error);
    }

    /** Shows the type, room and command; the payload may be large (and is the sender's text), so only its size. */
    @Override
    public String toString() {
        JsonNode r = raw;
        String payload;
        if (r == null) {
            payload = "body=" + body.length + " bytes";
        } else {
            payload = "raw=" + (r.isContainer() ? r.size() + " fields" : r.toString());
        }
        String c = cmd();
        return "DanmakuEvent[type=" + type + ", roomId=" + roomId + (c.isEmpty() || c.equals(type) ? "" : ", cmd=" + c)
                + (error != null ? ", error=" + error : "") + ", " + payload + "]";
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
