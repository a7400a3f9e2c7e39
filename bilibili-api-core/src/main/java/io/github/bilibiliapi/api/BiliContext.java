package io.github.bilibiliapi.api;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiClients;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.BiliWsMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Everything an {@link Api} needs to run, with no static state: the client (any backend, or a user's own), the
 * {@link RequestSettings}, the default {@link Credential}, the WBI key / buvid / bili_ticket caches, event listeners,
 * the metrics observer and a clock. Thread-safe; share one per application (or per account).
 *
 * <p>{@link #execute(Api)} runs three steps: prepare (checks, buvid, bili_ticket, {@code dm_*}, WBI signature, csrf,
 * cookies, host redirection) → {@link BiliApiClient#request} → process (status, JSON, code), plus the WBI retry.
 *
 * <p><b>Where a call finds its client.</b> Built with {@link Builder#clients(BiliApiClients)}, every call asks the
 * registry for its current client, so a switch takes effect on the next call; built with
 * {@link Builder#client(BiliApiClient)}, every call uses that client; built with neither, every call asks
 * {@link BiliApiClients#defaultInstance()}. A WebSocket stays on the client that opened it.
 *
 * <p>The context does not own the client: closing the client (or the registry) is the caller's business.
 */
public final class BiliContext {

    private final Supplier<BiliApiClient> clients;
    private final String clientDescription;
    private final RequestSettings settings;
    private final CredentialProvider credentials;
    private final RequestPacing pacing;
    private final WbiKeyCache wbiKeys;
    private final BuvidActivation buvid;
    private final BiliTicketCache tickets;
    private final ApiRequests requests;
    private final ApiCalls calls;
    private final WebSockets webSockets;

    private BiliContext(Builder b) {
        this.clients = b.clients;
        this.clientDescription = b.clientDescription;
        this.settings = b.settings;
        this.credentials = b.credentials;
        this.pacing = b.pacing;
        ContextEvents events = new ContextEvents(b.listeners, b.clock);
        Exchange exchange = new Exchange(clients, pacing, b.observer, events, credentials);
        this.wbiKeys = new WbiKeyCache(settings, b.clock, exchange, events);
        this.buvid = new BuvidActivation(settings, b.clock, exchange, events);
        this.tickets = new BiliTicketCache(settings, b.clock, exchange, events, wbiKeys);
        this.requests = new ApiRequests(settings, b.clock, exchange, events, wbiKeys, buvid, tickets);
        this.calls = new ApiCalls(settings, this::credential, requests, exchange, events, wbiKeys, buvid);
        this.webSockets = new WebSockets(clients, settings, this::credential, buvid, requests, events);
    }

    /**
     * @return a builder; without {@link Builder#client(BiliApiClient)} or {@link Builder#clients(BiliApiClients)} the
     *         context uses {@link BiliApiClients#defaultInstance()}, asked on every call
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the client the next call goes through: the fixed client, or the registry's current one (a view that
     *         finds the current client on each call)
     */
    public BiliApiClient client() {
        return clients.get();
    }

    /** @return the settings */
    public RequestSettings settings() {
        return settings;
    }

    /** @return the per-host request pacing ({@link RequestPacing#none()} unless set) */
    public RequestPacing pacing() {
        return pacing;
    }

    /**
     * Reads the provider: each call may return a newer credential (after a login or a cookie refresh).
     *
     * @return the default credential now (used when an {@link Api} carries none)
     */
    public Credential credential() {
        Credential c = credentials.credential();
        return c == null ? Credential.empty() : c;
    }

    /** @return where the default credential is read from, per call */
    public CredentialProvider credentialProvider() {
        return credentials;
    }

    /**
     * Applies the host redirection of the settings.
     *
     * @param url an absolute http(s) or ws(s) URL
     * @return where it is actually sent
     */
    public String resolveUrl(String url) {
        return settings.hostRedirect().apply(url);
    }

    /**
     * @param url an absolute URL as the caller wrote it (before redirection)
     * @return whether credential cookies may be sent to it: bilibili hosts ({@code *.bilibili.com},
     *         {@code *.hdslb.com}) and hosts the user redirected
     */
    public boolean mayReceiveCookies(String url) {
        return requests.mayReceiveCookies(url);
    }

    /**
     * Runs an {@link Api}.
     *
     * @param api the call
     * @return its answer; fails with {@link NetworkException}, {@link ResponseCodeException} (or
     *         {@link RiskControlException}), {@link ResponseParseException}, {@link WbiRetryTimesExceededException},
     *         {@link BuvidActivationException}, or the client's {@link io.github.bilibiliapi.client.BiliClientException}
     * @throws CredentialException when {@code verify} is set without SESSDATA, or csrf is needed without bili_jct —
     *                             thrown before any I/O
     */
    public CompletableFuture<ApiResult> execute(Api api) {
        return calls.execute(api);
    }

    /**
     * Runs an {@link Api} whose answer is not JSON (protobuf danmaku, XML): prepared exactly like {@link #execute}
     * (cookies, buvid, WBI signature, dm parameters), sent once, and the response returned whatever its status and
     * body; the caller interprets it.
     *
     * @param api the call (GET only: nothing is retried and no csrf is added)
     * @return the raw response
     * @throws CredentialException when {@code verify} is set without SESSDATA (before any I/O)
     * @throws IllegalArgumentException when the method is not GET
     */
    public CompletableFuture<BiliApiResponse> executeRaw(Api api) {
        return calls.executeRaw(api);
    }

    /** Drops the cached WBI keys; the next signed request reads nav again. */
    public void refreshWbiKeys() {
        wbiKeys.clear();
    }

    /**
     * The buvid3 requests carry: the credential's own, else (with auto-buvid on) the context's activated one,
     * obtaining and activating it on first use. With auto-buvid off and no buvid3 in the credential, completes with
     * an empty string.
     *
     * @return the buvid3
     */
    public CompletableFuture<String> buvid3() {
        return buvid.buvid3(credential());
    }

    /** Forgets the activated buvid pair; the next request obtains and activates a new one. */
    public void refreshBuvid() {
        buvid.clear();
    }

    /** Forgets the bili_ticket; the next request (with bili_ticket enabled) obtains a new one. */
    public void refreshBiliTicket() {
        tickets.clear();
    }

    /**
     * Opens a WebSocket through the client: applies host redirection, adds the credential's cookies (plus an
     * activated buvid3 already known) only for bilibili or redirected hosts, and the default User-Agent.
     *
     * @param url     ws(s) URL
     * @param params  query parameters
     * @param headers extra headers
     * @return the handle
     */
    public CompletableFuture<Integer> wsCreate(String url, Map<String, String> params, Map<String, String> headers) {
        Objects.requireNonNull(url, "url");
        return webSockets.create(url, params, headers);
    }

    /** @param handle a handle from {@link #wsCreate} @param data a binary frame @return completes when sent */
    public CompletableFuture<Void> wsSend(int handle, byte[] data) {
        return webSockets.send(handle, data);
    }

    /** @param handle a handle from {@link #wsCreate} @return the next message (CLOSE/CLOSING/CLOSED once closed) */
    public CompletableFuture<BiliWsMessage> wsRecv(int handle) {
        return webSockets.recv(handle);
    }

    /** @param handle a handle from {@link #wsCreate} @return completes when closed */
    public CompletableFuture<Void> wsClose(int handle) {
        return webSockets.close(handle);
    }

    @Override
    public String toString() {
        return "BiliContext[client=" + clientDescription + ", settings=" + settings + ", credential="
                + credentials + "]";
    }

    /** Builder for {@link BiliContext}. */
    public static final class Builder {
        private Supplier<BiliApiClient> clients = () -> BiliApiClients.defaultInstance().get();
        private String clientDescription = "BiliApiClients.defaultInstance()";
        private RequestSettings settings = RequestSettings.DEFAULTS;
        private CredentialProvider credentials = CredentialProvider.of(Credential.empty());
        private final List<BiliEventListener> listeners = new ArrayList<>();
        private ApiObserver observer = ApiObserver.NOOP;
        private Clock clock = Clock.systemUTC();
        private RequestPacing pacing = RequestPacing.none();

        private Builder() {
        }

        /** @param v per-host request pacing shared by every call (default {@link RequestPacing#none()}) @return this */
        public Builder pacing(RequestPacing v) {
            pacing = Objects.requireNonNull(v, "pacing");
            return this;
        }

        /** @param v the client every request goes through @return this */
        public Builder client(BiliApiClient v) {
            Objects.requireNonNull(v, "client");
            clients = () -> v;
            clientDescription = v.backendName();
            return this;
        }

        /**
         * @param v a registry asked for its current client on every call (HTTP, WebSocket, buvid, bili_ticket and
         *          WBI key fetches): a {@link BiliApiClients#select}, {@link BiliApiClients#setSession} or new
         *          registration takes effect on the next call; replaces {@link #client(BiliApiClient)}
         * @return this
         */
        public Builder clients(BiliApiClients v) {
            Objects.requireNonNull(v, "clients");
            clients = v::get;
            clientDescription = "BiliApiClients";
            return this;
        }

        /** @param v the settings (default {@link RequestSettings#DEFAULTS}) @return this */
        public Builder settings(RequestSettings v) {
            settings = Objects.requireNonNull(v, "settings");
            return this;
        }

        /** @param v the default credential, fixed (default {@link Credential#empty()}) @return this */
        public Builder credential(Credential v) {
            credentials = CredentialProvider.of(Objects.requireNonNull(v, "credential"));
            return this;
        }

        /**
         * @param v where the default credential is read from on every call (e.g. a {@code CredentialStore}); replaces
         *          {@link #credential(Credential)}
         * @return this
         */
        public Builder credentials(CredentialProvider v) {
            credentials = Objects.requireNonNull(v, "credentials");
            return this;
        }

        /** @param v an event listener to add @return this */
        public Builder listener(BiliEventListener v) {
            listeners.add(Objects.requireNonNull(v, "listener"));
            return this;
        }

        /** @param v the metrics observer (default no-op) @return this */
        public Builder observer(ApiObserver v) {
            observer = Objects.requireNonNull(v, "observer");
            return this;
        }

        /** @param v the clock for {@code wts}, TTLs and event times (default UTC system clock) @return this */
        public Builder clock(Clock v) {
            clock = Objects.requireNonNull(v, "clock");
            return this;
        }

        /** @return the context */
        public BiliContext build() {
            return new BiliContext(this);
        }
    }
}
