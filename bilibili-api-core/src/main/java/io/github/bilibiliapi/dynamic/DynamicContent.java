package io.github.bilibiliapi.dynamic;

import java.util.List;

/** The typed content of a {@link DynamicItem}, one record per {@link DynamicKind}. */
public sealed interface DynamicContent {

    /**
     * A video upload.
     *
     * @param aid      aid
     * @param bvid     bvid
     * @param title    title
     * @param cover    cover URL
     * @param duration duration text ({@code MM:SS})
     */
    record Video(long aid, String bvid, String title, String cover, String duration) implements DynamicContent {
    }

    /**
     * Pictures (an opus or a classic draw).
     *
     * @param pictures the pictures
     */
    record Draw(List<Picture> pictures) implements DynamicContent {
        /** Copies the list. */
        public Draw {
            pictures = List.copyOf(pictures);
        }
    }

    /**
     * One picture.
     *
     * @param url    URL
     * @param width  width in pixels
     * @param height height in pixels
     */
    record Picture(String url, int width, int height) {
    }

    /** Text only (the text is {@link DynamicItem#text()}). */
    record Word() implements DynamicContent {
    }

    /**
     * A repost.
     *
     * @param original the reposted dynamic (its content typed the same way), or null when it was deleted
     */
    record Forward(DynamicItem original) implements DynamicContent {
    }

    /**
     * An article.
     *
     * @param id     cvid
     * @param title  title
     * @param covers cover URLs
     */
    record Article(long id, String title, List<String> covers) implements DynamicContent {
        /** Copies the list. */
        public Article {
            covers = List.copyOf(covers);
        }
    }

    /**
     * A live room.
     *
     * @param roomId room id
     * @param title  title
     * @param cover  cover URL
     * @param live   whether it was live when the dynamic was read
     */
    record Live(long roomId, String title, String cover, boolean live) implements DynamicContent {
    }

    /**
     * A kind not typed here: read {@link DynamicItem#raw()}.
     *
     * @param majorType {@code modules.module_dynamic.major.type} (e.g. {@code MAJOR_TYPE_COMMON}), or ""
     */
    record Other(String majorType) implements DynamicContent {
    }
}
