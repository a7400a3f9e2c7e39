package io.github.bilibiliapi.api;

import java.util.random.RandomGenerator;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ExClimbWuzhi activation request: a browser fingerprint serialized as JSON, wrapped as the string value of
 * {@code {"payload": "..."}}, plus the {@code _uuid} cookie and {@code buvid_fp} (MurmurHash3 of the body).
 */
final class BuvidPayload {

    private static final String UUID_CHARS = "123456789ABCDEF";

    private BuvidPayload() {
    }

    /** The {@code _uuid} cookie bilibili's pages make: random groups 8-4-4-4-12 plus the last 5 digits of the time and "infoc". */
    static String uuidInfoc(long epochMillis, RandomGenerator random) {
        StringBuilder sb = new StringBuilder();
        int[] lengths = {8, 4, 4, 4, 12};
        for (int p = 0; p < lengths.length; p++) {
            if (p > 0) {
                sb.append('-');
            }
            for (int i = 0; i < lengths[p]; i++) {
                // drawn from "1".."F" plus "10", as bilibili's page script does, so a slot may hold two characters
                int pick = random.nextInt(UUID_CHARS.length() + 1);
                sb.append(pick == UUID_CHARS.length() ? "10" : String.valueOf(UUID_CHARS.charAt(pick)));
            }
        }
        String t = Long.toString(epochMillis % 100000);
        sb.append(t).append("0".repeat(5 - t.length())).append("infoc");
        return sb.toString();
    }

    /**
     * @param uuid        the {@code _uuid} value
     * @param epochMillis now
     * @param userAgent   the User-Agent the requests will carry
     * @return the request body {@code {"payload":"<fingerprint JSON>"}}
     */
    static String body(String uuid, long epochMillis, String userAgent) {
        ObjectNode content = Json.object();
        content.put("3064", 1);
        content.put("5062", epochMillis);
        content.put("03bf", "https%3A%2F%2Fwww.bilibili.com%2F");
        content.put("39c8", "333.788.fp.risk");
        content.put("34f1", "");
        content.put("d402", "");
        content.put("654a", "");
        content.put("6e7c", "839x959");
        ObjectNode env = content.putObject("3c43");
        env.put("2673", 0);
        env.put("5766", 24);
        env.put("6527", 0);
        env.put("7003", 1);
        env.put("807e", 1);
        env.put("b8ce", userAgent);
        env.put("641c", 0);
        env.put("07a4", "en-US");
        env.put("1c57", "not available");
        env.put("0bd0", 8);
        env.putArray("748e").add(900).add(1440);
        env.putArray("d61f").add(875).add(1440);
        env.put("fc9d", -480);
        env.put("6aa9", "Asia/Shanghai");
        env.put("75b8", 1);
        env.put("3b21", 1);
        env.put("8a1c", 0);
        env.put("d52f", "not available");
        env.put("adca", "MacIntel");
        ArrayNode plugins = env.putArray("80c9");
        for (String name : new String[] {"PDF Viewer", "Chrome PDF Viewer", "Chromium PDF Viewer"}) {
            ArrayNode plugin = plugins.addArray();
            plugin.add(name).add("Portable Document Format");
            ArrayNode types = plugin.addArray();
            types.addArray().add("application/pdf").add("pdf");
            types.addArray().add("text/pdf").add("pdf");
        }
        env.put("13ab", "0dAAAAAASUVORK5CYII=");
        env.put("bfe9", "QgAAEIQAACEIAABCCQN4FXANGq7S8KTZayAAAAAElFTkSuQmCC");
        env.putArray("a3c1").add("webgl alpha bits:8").add("webgl renderer:WebKit WebGL")
                .add("webgl vendor:WebKit").add("webgl version:WebGL 1.0");
        env.put("6bc5", "Apple Inc.~Apple GPU");
        env.put("ed31", 0);
        env.put("72bd", 0);
        env.put("097b", 0);
        env.putArray("52cd").add(0).add(0).add(0);
        env.putArray("a658").add("Arial").add("Courier").add("Georgia").add("Helvetica").add("Times New Roman");
        env.put("d02f", "124.04345259929687");
        content.put("54ef", "{\"in_new_ab\":true,\"pageVersion\":\"new_video\",\"videoGoOldVersion\":-1}");
        content.put("8b94", "https%3A%2F%2Fwww.bilibili.com%2F");
        content.put("df35", uuid);
        content.put("07a4", "en-US");
        content.putNull("5f45");
        content.put("db46", 0);
        ObjectNode wrapper = Json.object();
        wrapper.put("payload", Json.MAPPER.writeValueAsString(content));
        return Json.MAPPER.writeValueAsString(wrapper);
    }
}
