package io.github.bilibiliapi.live.danmaku;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A typed view of {@code SUPER_CHAT_MESSAGE_DELETE} (super chats taken down, {@code data.ids}) or the Open Platform's
 * {@code LIVE_OPEN_PLATFORM_SUPER_CHAT_DEL} ({@code data.message_ids}).
 *
 * @param ids the ids of the removed super chats (see {@link SuperChatMessage#id()})
 */
public record SuperChatDeleteMessage(List<Long> ids) implements LiveMessage {

    /** Copies the list. */
    public SuperChatDeleteMessage {
        ids = List.copyOf(ids);
    }

    /**
     * Reads the view.
     *
     * @param raw the message JSON (with {@code cmd} and {@code data})
     * @return the view
     * @throws IllegalArgumentException if {@code raw} has no {@code data} object
     */
    public static SuperChatDeleteMessage from(JsonNode raw) {
        JsonNode d = Views.data(raw, "SUPER_CHAT_MESSAGE_DELETE");
        JsonNode arr = d.has("message_ids") ? d.path("message_ids") : d.path("ids");
        List<Long> ids = new ArrayList<>();
        for (JsonNode n : arr) {
            ids.add(Views.longOf(n));
        }
        return new SuperChatDeleteMessage(ids);
    }
}
