/**
 * bilibili's live Open Platform ({@code live-open.biliapi.com}): the request signature. Its messages are read by the
 * web protocol's views in {@code io.github.bilibiliapi.live.danmaku}.
 */
package io.github.bilibiliapi.live.open;
