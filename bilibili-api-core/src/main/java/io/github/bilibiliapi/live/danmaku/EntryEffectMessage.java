package io.github.bilibiliapi.live.danmaku;

import tools.jackson.databind.JsonNode;

/**
 * A typed view of {@code ENTRY_EFFECT}: the animated banner when a guard or high-level viewer enters.
 *
 * @param uid           the viewer's user id
 * @param uname         the viewer's name ({@code uinfo.base.name}, else taken from the {@code <%name%>} in the text)
 * @param face          the viewer's avatar URL
 * @param copyWriting   the banner text with the name inserted, for example {@code WYCBat 来了}
 * @param privilegeType the viewer's guard level: 0 none, 1 governor, 2 admiral, 3 captain
 */
public record EntryEffectMessage(long uid, String uname, String face, String copyWriting, int privilegeType)
        implements LiveMessage {

    /**
     * Reads the view.
     *
     * @param raw the message JSON (with {@code cmd} and {@code data})
     * @return the view
     * @throws IllegalArgumentException if {@code raw} has no {@code data} object
     */
    public static EntryEffectMessage from(JsonNode raw) {
        JsonNode d = Views.data(raw, "ENTRY_EFFECT");
        String text = d.path("copy_writing").asString("");
        String name = d.path("uinfo").path("base").path("name").asString("");
        int open = text.indexOf("<%");
        int close = text.indexOf("%>");
        if (name.isEmpty() && open >= 0 && close > open) {
            name = text.substring(open + 2, close);
        }
        String plain = text.replace("<%", "").replace("%>", "");
        return new EntryEffectMessage(d.path("uid").asLong(0), name, d.path("face").asString(""), plain,
                d.path("privilege_type").asInt(0));
    }
}
