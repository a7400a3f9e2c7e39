package io.github.bilibiliapi.api;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.bilibili.BilibiliModule;
import io.github.bilibiliapi.test.bilibili.FakeBilibiliState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** A fake bilibili, a client and a context redirected to the fake; closes the server and the client. */
public final class FakeEnv implements AutoCloseable {

    /** The default account of the fake. */
    public static final Credential ACCOUNT = Credential.builder().sessdata(FakeBilibiliState.DEFAULT_SESSDATA)
            .biliJct(FakeBilibiliState.DEFAULT_BILI_JCT).dedeuserid(Long.toString(FakeBilibiliState.DEFAULT_MID))
            .build();

    public final FakeBilibiliServer server;
    public final FakeBilibiliState state;
    public final BiliApiClient client;
    public final List<BiliEvent> events = new CopyOnWriteArrayList<>();
    public final List<ApiCallInfo> calls = new CopyOnWriteArrayList<>();
    public final List<ApiCallOutcome> outcomes = new CopyOnWriteArrayList<>();
    public final MutableClock clock = new MutableClock(Instant.now());

    public FakeEnv(Supplier<BiliApiClient> clientFactory) {
        server = FakeBilibiliServer.start();
        state = server.module(BilibiliModule.class).state();
        state.setClock(clock);
        BiliApiClient c;
        try {
            c = clientFactory.get();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        client = c;
    }

    /** @return a context builder on this client, redirected to the fake, recording events and observations */
    public BiliContext.Builder contextBuilder(Consumer<RequestSettings.Builder> settings) {
        RequestSettings.Builder s = RequestSettings.builder().redirectTo(server.httpBaseUrl());
        settings.accept(s);
        return BiliContext.builder().client(client).settings(s.build()).clock(clock).listener(events::add)
                .observer(info -> {
                    calls.add(info);
                    return outcomes::add;
                });
    }

    /** @return a context with default settings (redirected) */
    public BiliContext context() {
        return contextBuilder(s -> { }).build();
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            server.close();
        }
    }

    /** A clock tests move by hand, shared by the fake (wts freshness, ticket times) and the context. */
    public static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
