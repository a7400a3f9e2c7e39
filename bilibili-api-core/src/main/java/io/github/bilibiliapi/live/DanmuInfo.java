package io.github.bilibiliapi.live;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a danmaku connection needs ({@code getDanmuInfo}).
 *
 * @param token the auth packet's key
 * @param hosts danmaku servers, in bilibili's order
 * @param raw   the whole {@code data} object
 */
public record DanmuInfo(String token, List<DanmuHost> hosts, @JsonIgnore JsonNode raw) {

    /** Copies the host list. */
    public DanmuInfo {
        hosts = List.copyOf(hosts);
    }

    static DanmuInfo from(JsonNode d) {
        List<DanmuHost> hosts = new java.util.ArrayList<>();
        for (JsonNode h : d.path("host_list")) {
            hosts.add(new DanmuHost(h.path("host").asString(""), h.path("port").asInt(0),
                    h.path("wss_port").asInt(0), h.path("ws_port").asInt(0)));
        }
        return new DanmuInfo(d.path("token").asString(""), hosts, d);
    }
}
