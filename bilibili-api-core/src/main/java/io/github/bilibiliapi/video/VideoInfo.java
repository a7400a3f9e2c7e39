package io.github.bilibiliapi.video;

import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.annotation.JsonIgnore;
import tools.jackson.databind.JsonNode;

/**
 * A video's details ({@code /x/web-interface/view}).
 *
 * @param bvid      the bvid
 * @param aid       the aid
 * @param cid       the first part's cid
 * @param title     title
 * @param desc      description
 * @param duration  total duration in seconds
 * @param pubdate   publication time, unix seconds
 * @param ownerMid  uploader's mid
 * @param ownerName uploader's name
 * @param pages     number of parts
 * @param raw       the whole {@code data} object
 */
public record VideoInfo(String bvid, long aid, long cid, String title, String desc, long duration, long pubdate,
        long ownerMid, String ownerName, int pages, @JsonIgnore JsonNode raw) {

    /** @return the parts ({@code data.pages[]}) with their cids */
    public List<VideoPage> pageList() {
        List<VideoPage> out = new ArrayList<>();
        for (JsonNode p : raw.path("pages")) {
            JsonNode dim = p.path("dimension");
            out.add(new VideoPage(p.path("cid").asLong(0), p.path("page").asInt(0), p.path("part").asString(""),
                    p.path("duration").asLong(0), dim.path("width").asInt(0), dim.path("height").asInt(0)));
        }
        if (out.isEmpty() && cid > 0) {
            out.add(new VideoPage(cid, 1, title, duration, 0, 0));
        }
        return out;
    }

    static VideoInfo from(JsonNode d) {
        JsonNode owner = d.path("owner");
        int pages = d.path("pages").isArray() ? d.path("pages").size() : d.path("videos").asInt(0);
        return new VideoInfo(d.path("bvid").asString(""), d.path("aid").asLong(0), d.path("cid").asLong(0),
                d.path("title").asString(""), d.path("desc").asString(""), d.path("duration").asLong(0),
                d.path("pubdate").asLong(0), owner.path("mid").asLong(0), owner.path("name").asString(""), pages, d);
    }
}
