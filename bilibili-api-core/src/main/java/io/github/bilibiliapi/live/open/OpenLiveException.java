package io.github.bilibiliapi.live.open;

import io.github.bilibiliapi.api.ResponseCodeException;
import tools.jackson.databind.JsonNode;

/**
 * A refusal from the Open Platform ({@code live-open.biliapi.com}): its {@code code}, the documented meaning as a
 * {@link Kind}, and the {@code request_id} bilibili asks for when reporting a problem. The message names the code,
 * the endpoint and bilibili's text; it never contains the identity code, the access key secret or the auth body.
 */
public final class OpenLiveException extends ResponseCodeException {

    private static final long serialVersionUID = 1L;

    /** What a documented code means for the caller. */
    public enum Kind {
        /** 4000: a parameter is missing or malformed. */
        BAD_REQUEST,
        /** 4001–4006, 4011–4013: the app key, signature, timestamp, nonce, method, version, MD5 or content type. */
        SIGNATURE,
        /** 4007–4010, 5004, 5005, 8002: IP allow-list, permission, rate limit, unknown endpoint, room lists. */
        FORBIDDEN,
        /** 5000–5003: bilibili's side failed; a later call may succeed. */
        SERVER,
        /** 7000, 7003: the game is not running (ended, or closed after missed heartbeats). */
        GAME_NOT_RUNNING,
        /** 7001: called again within the cool-down; retry after about 10 s. */
        COOL_DOWN,
        /** 7002: the room already runs a game of this app. */
        ROOM_BUSY,
        /** 7004, 7005: more than 200 game ids, or a duplicate, in a batch heartbeat. */
        BATCH_INVALID,
        /** 7007: the anchor's identity code is wrong. */
        IDENTITY_CODE,
        /** Any other code. */
        OTHER
    }

    private final Kind kind;
    private final String endpoint;
    private final String requestId;

    /**
     * @param code     the answer's {@code code}
     * @param message  the answer's {@code message}
     * @param endpoint the path called, such as {@code /v2/app/start}
     * @param raw      the whole answer
     */
    public OpenLiveException(int code, String message, String endpoint, JsonNode raw) {
        super(code, message, raw);
        this.kind = kindOf(code);
        this.endpoint = endpoint;
        this.requestId = raw == null ? "" : raw.path("request_id").asString("");
    }

    /**
     * The documented meaning of a code.
     *
     * @param code an Open Platform code
     * @return its kind ({@link Kind#OTHER} when undocumented)
     */
    public static Kind kindOf(int code) {
        return switch (code) {
            case 4000 -> Kind.BAD_REQUEST;
            case 4001, 4002, 4003, 4004, 4005, 4006, 4011, 4012, 4013 -> Kind.SIGNATURE;
            case 4007, 4008, 4009, 4010, 5004, 5005, 8002 -> Kind.FORBIDDEN;
            case 5000, 5001, 5002, 5003 -> Kind.SERVER;
            case 7000, 7003 -> Kind.GAME_NOT_RUNNING;
            case 7001 -> Kind.COOL_DOWN;
            case 7002 -> Kind.ROOM_BUSY;
            case 7004, 7005 -> Kind.BATCH_INVALID;
            case 7007 -> Kind.IDENTITY_CODE;
            default -> Kind.OTHER;
        };
    }

    /**
     * The documented meaning of {@link #code()}.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The path that answered, such as {@code /v2/app/heartbeat}.
     *
     * @return the endpoint
     */
    public String endpoint() {
        return endpoint;
    }

    /**
     * bilibili's id of the failed request, for a support ticket.
     *
     * @return the {@code request_id}, or {@code ""}
     */
    public String requestId() {
        return requestId;
    }

    @Override
    public String getMessage() {
        return "Open Platform " + endpoint + " answered code " + code() + " (" + kind + "): " + biliMessage()
                + (requestId.isEmpty() ? "" : " [request_id " + requestId + "]");
    }
}
