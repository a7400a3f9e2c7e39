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
     * The typed view of a {@code DANMU_MSG}.
     *
     * @return the view
     * @throws IllegalStateException if this is not a {@code DANMU_MSG} event
     */
    public DanmuMessage danmu() {
        require("DANMU_MSG");
        return DanmuMessage.from(raw);
    }

    /**
     * The typed view of a {@code SEND_GIFT}.
     *
     * @return the view
     * @throws IllegalStateException if this is not a {@code SEND_GIFT} event
     */
    public GiftMessage gift() {
        require("SEND_GIFT");
        return GiftMessage.from(raw);
    }

    /**
     * The typed view of a {@code SUPER_CHAT_MESSAGE}.
     *
     * @return the view
     * @throws IllegalStateException if this is not a {@code SUPER_CHAT_MESSAGE} event
     */
    public SuperChatMessage superChat() {
        require("SUPER_CHAT_MESSAGE");
        return SuperChatMessage.from(raw);
    }

    /**
     * The typed view of an {@code INTERACT_WORD}.
     *
     * @return the view
     * @throws IllegalStateException if this is not an {@code INTERACT_WORD} event
     */
    public InteractWordMessage interactWord() {
        require("INTERACT_WORD");
        return InteractWordMessage.from(raw);
    }

    /**
     * The typed view of a {@code GUARD_BUY}.
     *
     * @return the view
     * @throws IllegalStateException if this is not a {@code GUARD_BUY} event
     */
    public GuardBuyMessage guardBuy() {
        require("GUARD_BUY");
        return GuardBuyMessage.from(raw);
    }

    /**
     * The event type for a {@code cmd}: the part before the first {@code ':'}.
     *
     * @param cmd a command as sent by the server
     * @return the stripped command
     */
    public static String typeOf(String cmd) {
        int colon = cmd.indexOf(':');
        return colon < 0 ? cmd : cmd.substring(0, colon);
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
