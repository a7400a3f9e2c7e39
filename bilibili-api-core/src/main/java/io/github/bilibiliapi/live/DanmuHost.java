package io.github.bilibiliapi.live;

/**
 * A danmaku server from {@code getDanmuInfo}.
 *
 * @param host    host name
 * @param port    TCP port
 * @param wssPort secure WebSocket port
 * @param wsPort  plain WebSocket port
 */
public record DanmuHost(String host, int port, int wssPort, int wsPort) {
}
