package io.github.bilibiliapi.live.danmaku;

/**
 * An emoticon in a danmaku: an inline one standing for {@code keyword} in the text (such as {@code [热]}), or a
 * sticker that is the whole message.
 *
 * @param keyword the text it replaces ({@code [热]}), or the sticker's description
 * @param url     the image URL
 * @param width   width in pixels, 0 if unknown
 * @param height  height in pixels, 0 if unknown
 * @param unique  bilibili's id of the emoticon ({@code emoji_278}, {@code upower_...}), empty if unknown
 */
public record Emoticon(String keyword, String url, int width, int height, String unique) {
}
