package io.github.bilibiliapi.test;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;

/**
 * Sits in the channel pipeline between the HTTP codec and Reactor Netty's bridge and counts/digests every request
 * body as it arrives, without consuming it. Doing it here rather than in handlers means every route (and multipart
 * bodies read with {@code receiveForm()}) gets an exact wire size and hash for free.
 */
final class BodyStatsHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "fakeBilibili.bodyStats";
    static final AttributeKey<BodyStats> CURRENT = AttributeKey.valueOf("fakeBilibili.bodyStats");

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            ctx.channel().attr(CURRENT).set(new BodyStats());
        }
        if (msg instanceof HttpContent content) {
            BodyStats stats = ctx.channel().attr(CURRENT).get();
            if (stats != null) {
                stats.update(content.content());
                if (msg instanceof LastHttpContent) {
                    stats.complete();
                }
            }
        }
        ctx.fireChannelRead(msg);
    }
}
