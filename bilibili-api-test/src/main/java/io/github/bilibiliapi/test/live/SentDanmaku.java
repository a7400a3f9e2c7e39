package io.github.bilibiliapi.test.live;

import java.util.Map;

/**
 * A danmaku the fake's {@code POST /msg/send} accepted.
 *
 * @param roomId   the {@code roomid} field
 * @param mid      the sender's account
 * @param msg      the text
 * @param form     every form field except {@code csrf} and {@code csrf_token}
 * @param nanoTime {@link System#nanoTime()} when it was accepted
 */
public record SentDanmaku(long roomId, long mid, String msg, Map<String, String> form, long nanoTime) {
}
