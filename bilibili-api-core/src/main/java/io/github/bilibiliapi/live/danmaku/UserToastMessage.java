package io.github.bilibiliapi.live.danmaku;

import tools.jackson.databind.JsonNode;

/**
 * A typed view of {@code USER_TOAST_MSG}, the banner shown when someone buys or renews a guard membership (it comes
 * with a {@code GUARD_BUY}). No real body of it is in the project's fixtures; the field names follow the public
 * protocol notes and are read leniently.
 *
 * @param uid        the buyer's user id
 * @param username   the buyer's name
 * @param guardLevel 1 governor, 2 admiral, 3 captain
 * @param num        how many units
 * @param unit       the unit, for example {@code 月}
 * @param price      price in gold coins (1/1000 CNY)
 * @param roleName   the membership's name, for example {@code 舰长}
 * @param toastMsg   the banner text
 * @param startTime  epoch seconds
 */
public record UserToastMessage(long uid, String username, int guardLevel, int num, String unit, long price,
        String roleName, String toastMsg, long startTime) implements LiveMessage {

    /**
     * Reads the view.
     *
     * @param raw the message JSON (with {@code cmd} and {@code data})
     * @return the view; missing fields are empty strings or 0
     * @throws IllegalArgumentException if {@code raw} has no {@code data} object
     */
    public static UserToastMessage from(JsonNode raw) {
        JsonNode d = Views.data(raw, "USER_TOAST_MSG");
        return new UserToastMessage(Views.longOf(d.get("uid")), d.path("username").asString(""),
                d.path("guard_level").asInt(0), d.path("num").asInt(0), d.path("unit").asString(""),
                d.path("price").asLong(0), d.path("role_name").asString(""), d.path("toast_msg").asString(""),
                d.path("start_time").asLong(0));
    }
}
