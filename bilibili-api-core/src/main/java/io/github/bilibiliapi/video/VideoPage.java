package io.github.bilibiliapi.video;

/**
 * One part of a video ({@code data.pages[]} of the view answer).
 *
 * @param cid             the part's cid (what play URLs, danmaku and subtitles are asked by)
 * @param page            1-based number
 * @param part            title
 * @param durationSeconds duration
 * @param width           width of the first frame's dimension, 0 if unknown
 * @param height          height, 0 if unknown
 */
public record VideoPage(long cid, int page, String part, long durationSeconds, int width, int height) {
}
