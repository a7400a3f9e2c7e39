package io.github.bilibiliapi.api;

import java.util.function.Consumer;

/**
 * The parts of a context, built the way {@link BiliContext} composes them, on a {@link FakeEnv}'s client, clock,
 * events and observations, with the settings redirected to the fake: for testing each part on its own.
 */
final class ContextParts {

    final RequestSettings settings;
    final ContextEvents events;
    final Exchange exchange;
    final WbiKeyCache wbiKeys;
    final BuvidActivation buvid;
    final BiliTicketCache tickets;
    final ApiRequests requests;

    ContextParts(FakeEnv env, Consumer<RequestSettings.Builder> settings, Credential credential,
            RequestPacing pacing) {
        RequestSettings.Builder s = RequestSettings.builder().redirectTo(env.server.httpBaseUrl());
        settings.accept(s);
        this.settings = s.build();
        this.events = new ContextEvents(java.util.List.of(env.events::add), env.clock);
        ApiObserver observer = info -> {
            env.calls.add(info);
            return env.outcomes::add;
        };
        this.exchange = new Exchange(() -> env.client, pacing, observer, events, CredentialProvider.of(credential));
        this.wbiKeys = new WbiKeyCache(this.settings, env.clock, exchange, events);
        this.buvid = new BuvidActivation(this.settings, env.clock, exchange, events);
        this.tickets = new BiliTicketCache(this.settings, env.clock, exchange, events, wbiKeys);
        this.requests = new ApiRequests(this.settings, env.clock, exchange, events, wbiKeys, buvid, tickets);
    }

    ContextParts(FakeEnv env) {
        this(env, s -> { }, Credential.empty(), RequestPacing.none());
    }

    /** @return an api.bilibili.com URL with this path (redirected to the fake) */
    static String api(String path) {
        return "https://api.bilibili.com" + path;
    }
}
