package io.github.bilibiliapi.client.webclient;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.Iterator;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * This client's own event loops, handed to Reactor Netty so that new connections take every loop in turn.
 *
 * <p>Reactor Netty asks the group which transport it runs (epoll, io_uring, NIO) once per new connection, and Netty
 * 4.2's {@code IoEventLoopGroup.isCompatible} answers by calling {@code next()}, which advances the round robin the
 * connection then takes its own loop from: two steps per connection, so with an even number of loops half of them
 * (with two, all but one) never carry a connection. Asking one loop of the group instead gives the same answer without
 * the step. Netty has since made the question side-effect free; with such a Netty this class changes nothing.
 */
final class EvenlySpreadLoops implements LoopResources {

    private final LoopResources loops;

    EvenlySpreadLoops(LoopResources loops) {
        this.loops = loops;
    }

    @Override
    public <C extends Channel> C onChannel(Class<C> channelType, EventLoopGroup group) {
        return loops.onChannel(channelType, oneLoopOf(group));
    }

    @Override
    public <C extends Channel> Class<? extends C> onChannelClass(Class<C> channelType, EventLoopGroup group) {
        return loops.onChannelClass(channelType, oneLoopOf(group));
    }

    /** @return a loop of {@code group} (the transport is the group's), or the group when it has none to offer */
    private static EventLoopGroup oneLoopOf(EventLoopGroup group) {
        Iterator<EventExecutor> members = group.iterator();
        if (members.hasNext() && members.next() instanceof EventLoop loop) {
            return loop;
        }
        return group;
    }

    @Override
    public EventLoopGroup onClient(boolean useNative) {
        return loops.onClient(useNative);
    }

    @Override
    public EventLoopGroup onServer(boolean useNative) {
        return loops.onServer(useNative);
    }

    @Override
    public EventLoopGroup onServerSelect(boolean useNative) {
        return loops.onServerSelect(useNative);
    }

    @Override
    public boolean daemon() {
        return loops.daemon();
    }

    @Override
    public boolean isDisposed() {
        return loops.isDisposed();
    }

    @Override
    public void dispose() {
        loops.dispose();
    }

    @Override
    public Mono<Void> disposeLater() {
        return loops.disposeLater();
    }

    @Override
    public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
        return loops.disposeLater(quietPeriod, timeout);
    }

    @Override
    public String toString() {
        return loops.toString();
    }
}
