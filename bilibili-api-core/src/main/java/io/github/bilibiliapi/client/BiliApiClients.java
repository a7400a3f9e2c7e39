package io.github.bilibiliapi.client;

import io.github.bilibiliapi.client.support.AbstractBiliApiClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client registry, as an object: register, select and unregister backends, get the current client, and get or set
 * the session it wraps.
 *
 * <p>{@link #create()} registers every backend whose HTTP library is on the classpath (found with
 * {@link ServiceLoader} as {@link BiliApiClientProvider}s) and selects the one with the highest priority: OkHttp, then
 * WebClient, then the JDK {@code HttpClient}. The registry lazily creates <em>one</em> shared, thread-safe client of
 * the selected backend from the current settings. There is no per-event-loop pool: an asyncio session is bound to the loop that created it, while a JVM HTTP client is
 * thread-safe and owns its own threads, so one client serves every caller.
 *
 * <p><b>Every call finds the current client.</b> {@link #get()} returns the registry's client: a view that sends each
 * request and each new WebSocket to the client of the backend selected <em>at the time of the call</em>, so a
 * {@link #select}, {@link #register}, {@link #unregister} or {@link #setSession} takes effect on the next call without
 * rebuilding anything that holds the view (a {@code BiliContext} built with {@code clients(registry)} does this too).
 * Closing the view does nothing: the shared client belongs to the registry, and {@link #close()} closes it.
 *
 * <p><b>A switch drains.</b> The client a switch replaces takes no new calls; it closes once its running calls have
 * completed and its open WebSockets have been closed (a live room keeps receiving on it; its reconnect goes to the
 * new client), or when the {@linkplain #setDrainTimeout drain timeout} (default 30 s) has passed, whichever comes
 * first.
 *
 * <p><b>Switches are atomic.</b> A switch builds the new client before anything changes: if that fails (a session that
 * does not fit, a factory that throws, settings the backend refuses), the registry is left exactly as it was.
 *
 * <p><b>Settings are remembered.</b> A setter reaches the live client and every client the registry builds later.
 * Once a setter was called, a client built around a user's session has the settings in force too (the
 * session is used as it is only until a setter is called).
 *
 * <p>Nothing here is static state: create as many registries as you need. {@link #defaultInstance()} exists for
 * code that wants a process-wide one.
 *
 * <p>All methods are thread-safe.
 */
public final class BiliApiClients implements AutoCloseable {

    /** How long a replaced client may keep running calls and WebSockets by default. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(BiliApiClients.class);
    private static final Object DEFAULT_LOCK = new Object();
    private static final AtomicInteger REGISTRIES = new AtomicInteger();
    private static volatile BiliApiClients defaultInstance;

    private final Map<String, Registration> registrations = new LinkedHashMap<>();
    private final Set<Slot> draining = ConcurrentHashMap.newKeySet();
    private final SharedClient view = new SharedClient();
    private final int id = REGISTRIES.incrementAndGet();
    private String selected;
    private ClientSettings settings = ClientSettings.DEFAULTS;
    /** Whether a setter was called: then clients built around a user's session get the settings in force. */
    private boolean settingsSet;
    private Object session;
    private volatile Slot current;
    private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
    private ScheduledThreadPoolExecutor drainExecutor;
    private volatile boolean closed;

    private record Registration(BiliApiClientFactory factory, int priority) {
    }

    private BiliApiClients() {
    }

    /**
     * Creates a registry with the backends available to this library's class loader.
     *
     * @return the registry, the best backend selected
     */
    public static BiliApiClients create() {
        return create(BiliApiClients.class.getClassLoader());
    }

    /**
     * Creates a registry with the backends available to a class loader.
     *
     * @param classLoader where to look for providers and HTTP libraries
     * @return the registry, the best available backend selected
     */
    public static BiliApiClients create(ClassLoader classLoader) {
        BiliApiClients registry = new BiliApiClients();
        List<BiliApiClientProvider> providers = new ArrayList<>();
        for (BiliApiClientProvider provider : ServiceLoader.load(BiliApiClientProvider.class, classLoader)) {
            if (provider.isAvailable(classLoader)) {
                providers.add(provider);
            }
        }
        providers.sort(Comparator.comparingInt(BiliApiClientProvider::priority).reversed());
        for (BiliApiClientProvider provider : providers) {
            registry.registrations.putIfAbsent(provider.name(),
                    new Registration(provider.factory(), provider.priority()));
        }
        if (!providers.isEmpty()) {
            registry.selected = providers.get(0).name();
        }
        return registry;
    }

    /**
     * Creates a registry with nothing registered.
     *
     * @return an empty registry
     */
    public static BiliApiClients empty() {
        return new BiliApiClients();
    }

    /**
     * Returns the process-wide registry, created on first use (and again after it was closed), for code that wants one.
     * A {@code BiliContext} built without a client uses it, asking it for the current client on every call.
     *
     * @return the default registry
     */
    public static BiliApiClients defaultInstance() {
        BiliApiClients instance = defaultInstance;
        if (instance == null || instance.closed) {
            synchronized (DEFAULT_LOCK) {
                instance = defaultInstance;
                if (instance == null || instance.closed) {
                    instance = create();
                    defaultInstance = instance;
                }
            }
        }
        return instance;
    }

    /**
     * Registers a backend: its factory, not an instance. Registering the selected name again
     * replaces its client by one of the new factory (built first: if that fails, nothing changes); the old client
     * drains.
     *
     * @param name    the name, for example {@code apache}
     * @param factory creates clients of the backend
     * @return this registry
     */
    public BiliApiClients register(String name, BiliApiClientFactory factory) {
        checkName(name);
        Objects.requireNonNull(factory, "factory");
        synchronized (this) {
            ensureOpen();
            Registration registration = new Registration(factory, 0);
            if (name.equals(selected) && current != null) {
                Slot next = build(name, registration, session);
                registrations.put(name, registration);
                replace(next);
            } else {
                registrations.put(name, registration);
            }
        }
        return this;
    }

    /**
     * Removes a backend. If it was selected, the remaining backend with the highest priority is selected (none if the
     * registry is now empty) and the removed backend's client drains.
     *
     * @param name the name
     * @return this registry
     * @throws IllegalArgumentException if no backend has that name, or the session does not fit the backend selected
     *                                  instead (nothing changes then)
     */
    public synchronized BiliApiClients unregister(String name) {
        ensureOpen();
        requireRegistered(name);
        if (!name.equals(selected)) {
            registrations.remove(name);
            return this;
        }
        String fallback = registrations.entrySet().stream().filter(e -> !e.getKey().equals(name))
                .max(Comparator.comparingInt(e -> e.getValue().priority())).map(Map.Entry::getKey).orElse(null);
        Slot next = fallback == null || current == null ? null : build(fallback, registrations.get(fallback), session);
        registrations.remove(name);
        selected = fallback;
        replace(next);
        return this;
    }

    /**
     * Selects the backend calls go to from now on. Its client is built at once (so that a session set with
     * {@link #setSession} that does not fit fails here, leaving the registry as it was); the previous client drains.
     *
     * @param name the name
     * @return this registry
     * @throws IllegalArgumentException if no backend has that name, or the session does not fit it
     */
    public synchronized BiliApiClients select(String name) {
        ensureOpen();
        requireRegistered(name);
        if (!name.equals(selected) || current == null) {
            Slot next = build(name, registrations.get(name), session);
            selected = name;
            replace(next);
        }
        return this;
    }

    /**
     * Returns the selected backend's name.
     *
     * @return the name, or {@code null} if nothing is registered
     */
    public synchronized String selected() {
        return selected;
    }

    /**
     * Returns the registered names.
     *
     * @return the names, in registration order
     */
    public synchronized Set<String> registered() {
        // a copy that keeps the documented registration order (Set.copyOf would not)
        return Collections.unmodifiableSet(new LinkedHashSet<>(registrations.keySet()));
    }

    /**
     * Returns the registry's shared client, creating the selected backend's client on
     * first use. The returned object is always the same view: each call on it goes to the client current at the time
     * of the call; its setters are the registry's setters; its {@code close()} does nothing (close the registry).
     *
     * @return the registry's client
     * @throws IllegalStateException if no backend is registered, or the registry is closed
     */
    public BiliApiClient get() {
        currentSlot();
        return view;
    }

    /**
     * Returns the session the current client wraps, so that the application can use it too.
     *
     * @return the wrapped session
     */
    public Object getSession() {
        return currentSlot().client.getWrappedSession();
    }

    /**
     * Makes the library use the application's session: as it is until a setting is
     * changed, or with the settings in force if a setter was already called. {@code null} goes back to a session
     * created from the settings. The new client is built first (nothing changes if the session does not fit); the
     * previous client drains. A session the user supplied is never shut down.
     *
     * @param session an {@code okhttp3.OkHttpClient}, WebClient, {@code java.net.http.HttpClient}... fitting the
     *                selected backend
     * @return this registry
     * @throws IllegalArgumentException if the session does not fit the selected backend
     */
    public synchronized BiliApiClients setSession(Object session) {
        ensureOpen();
        if (selected == null) {
            throw new IllegalStateException("No bilibili-api client backend is registered: select one before "
                    + "setting a session");
        }
        Slot next = build(selected, registrations.get(selected), session);
        this.session = session;
        replace(next);
        return this;
    }

    /**
     * Returns the settings new clients get.
     *
     * @return the settings
     */
    public synchronized ClientSettings settings() {
        return settings;
    }

    /**
     * Sets the timeout of a whole call; reaches the live client and every client built later.
     *
     * @param timeout the call timeout; {@link Duration#ZERO} for no overall deadline
     * @return this registry
     * @throws IllegalArgumentException if negative (nothing changes)
     */
    public synchronized BiliApiClients setTimeout(Duration timeout) {
        return update(settings.withTimeout(timeout), c -> c.setTimeout(timeout));
    }

    /**
     * Sets the proxy; reaches the live client and every client built later.
     *
     * @param proxy the proxy URL or {@code ""}
     * @return this registry
     * @throws IllegalArgumentException if malformed, or the live client's backend cannot use it (nothing changes)
     */
    public synchronized BiliApiClients setProxy(String proxy) {
        return update(settings.withProxy(proxy), c -> c.setProxy(proxy));
    }

    /**
     * Turns TLS verification on or off; reaches the live client and every client built later.
     *
     * @param verifySsl whether to verify
     * @return this registry
     */
    public synchronized BiliApiClients setVerifySsl(boolean verifySsl) {
        return update(settings.withVerifySsl(verifySsl), c -> c.setVerifySsl(verifySsl));
    }

    /**
     * Sets whether environment proxies are honoured; reaches the live client and every client built later.
     *
     * @param trustEnv whether to honour them
     * @return this registry
     */
    public synchronized BiliApiClients setTrustEnv(boolean trustEnv) {
        return update(settings.withTrustEnv(trustEnv), c -> c.setTrustEnv(trustEnv));
    }

    /**
     * Sets the largest response body a client reads into memory; reaches the live client and every client built
     * later. A live client that cannot change it in place (a user's own client without
     * {@link BiliApiClient#setMaxResponseBytes}) is replaced by a new one of the same backend, and drains.
     *
     * @param maxResponseBytes the cap in bytes, positive
     * @return this registry
     * @throws IllegalArgumentException if not positive (nothing changes)
     */
    public synchronized BiliApiClients setMaxResponseBytes(int maxResponseBytes) {
        return update(settings.withMaxResponseBytes(maxResponseBytes), c -> c.setMaxResponseBytes(maxResponseBytes));
    }

    /**
     * Sets how long a client replaced by a switch may keep its running calls and open WebSockets before it is closed
     * anyway. Applies to switches from now on.
     *
     * @param timeout the bound; {@link Duration#ZERO} closes a replaced client at once
     * @return this registry
     * @throws IllegalArgumentException if negative
     */
    public synchronized BiliApiClients setDrainTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("drain timeout must not be negative, got " + timeout);
        }
        drainTimeout = timeout;
        return this;
    }

    /**
     * Returns the drain timeout.
     *
     * @return how long a replaced client may finish its work
     */
    public synchronized Duration drainTimeout() {
        return drainTimeout;
    }

    /**
     * Returns how many replaced clients are still finishing their work.
     *
     * @return the number of draining clients
     */
    public int drainingClients() {
        return draining.size();
    }

    /** Applies new settings to the live client first: a backend may refuse them (SOCKS on the JDK), then nothing changes. */
    private BiliApiClients update(ClientSettings next, Consumer<BiliApiClient> toLiveClient) {
        ensureOpen();
        Slot live = current;
        if (live != null) {
            try {
                toLiveClient.accept(live.client);
            } catch (UnsupportedOperationException e) {
                // the client cannot change this setting in place: a new one built with it replaces it
                Slot rebuilt = build(live.name, registrations.get(live.name), session, next, true);
                settings = next;
                settingsSet = true;
                replace(rebuilt);
                return this;
            }
        }
        settings = next;
        settingsSet = true;
        return this;
    }

    /**
     * Closes the shared client and every client still draining, at once (their running calls fail). The registry
     * cannot be used afterwards.
     */
    @Override
    public void close() {
        List<Slot> toClose = new ArrayList<>();
        ScheduledThreadPoolExecutor executor;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (current != null) {
                toClose.add(current);
                current = null;
            }
            toClose.addAll(draining);
            executor = drainExecutor;
            drainExecutor = null;
        }
        RuntimeException failure = null;
        for (Slot slot : toClose) {
            try {
                slot.closeNow();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        if (failure != null) {
            throw failure;
        }
    }

    // ------------------------------------------------------------------------------------------------ internals

    /** @return the current slot, built on first use */
    private Slot currentSlot() {
        Slot s = current;
        if (s != null) {
            return s;
        }
        synchronized (this) {
            ensureOpen();
            if (current == null) {
                if (selected == null) {
                    throw new IllegalStateException("No bilibili-api client backend is registered: add okhttp-jvm "
                            + "or spring-webflux to the classpath, or register one");
                }
                current = build(selected, registrations.get(selected), session);
            }
            return current;
        }
    }

    /** @return the current slot with one use taken, retrying when a switch retires it between the two steps */
    private Slot acquire() {
        while (true) {
            Slot s = currentSlot();
            if (s.tryAcquire()) {
                return s;
            }
            if (closed) {
                throw new IllegalStateException("This client registry is closed");
            }
            Thread.onSpinWait();
        }
    }

    private Slot build(String name, Registration registration, Object withSession) {
        return build(name, registration, withSession, settings, settingsSet);
    }

    /** Builds a client; nothing in the registry changes here, so a failure leaves it as it was. */
    private Slot build(String name, Registration registration, Object withSession, ClientSettings with,
            boolean settingsWin) {
        BiliApiClient created = registration.factory().create(with, withSession);
        if (created == null) {
            throw new IllegalStateException("The factory of backend '" + name + "' returned null");
        }
        if (withSession != null && settingsWin) {
            try {
                putInForce(created, with);
            } catch (RuntimeException e) {
                try {
                    created.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
        return new Slot(name, created);
    }

    /** A setter was called on the registry: a client around a user's session must not use it as it is. */
    private static void putInForce(BiliApiClient client, ClientSettings with) {
        if (client instanceof AbstractBiliApiClient<?>) {
            // one setter puts all of the settings the client was built with in force (one derived session, not four)
            client.setTimeout(with.timeout());
            return;
        }
        client.setTimeout(with.timeout());
        client.setProxy(with.proxy());
        client.setVerifySsl(with.verifySsl());
        client.setTrustEnv(with.trustEnv());
        try {
            client.setMaxResponseBytes(with.maxResponseBytes());
        } catch (UnsupportedOperationException e) {
            // the client was built with the cap by its factory; it cannot be changed afterwards
        }
    }

    /** Makes {@code next} (may be null: built on next use) the current client; the previous one drains. */
    private void replace(Slot next) {
        Slot previous = current;
        current = next;
        if (previous != null) {
            draining.add(previous);
            previous.retire(drainTimeout);
        }
    }

    private synchronized ScheduledThreadPoolExecutor drainExecutor() {
        if (drainExecutor == null) {
            AtomicInteger threads = new AtomicInteger();
            ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "bili-clients-" + id + "-drain-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            // no thread stays once nothing drains
            e.setKeepAliveTime(1, TimeUnit.SECONDS);
            e.allowCoreThreadTimeOut(true);
            e.setRemoveOnCancelPolicy(true);
            drainExecutor = e;
        }
        return drainExecutor;
    }

    private void requireRegistered(String name) {
        checkName(name);
        if (!registrations.containsKey(name)) {
            throw new IllegalArgumentException("No bilibili-api client is registered as '" + name
                    + "'; registered: " + registrations.keySet());
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Client name must not be blank");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This client registry is closed");
        }
    }

    @Override
    public synchronized String toString() {
        return "BiliApiClients[selected=" + selected + ", registered=" + registrations.keySet() + ", settings="
                + settings + ", userSession=" + (session != null) + ", draining=" + draining.size() + "]";
    }

    /**
     * One client the registry built, with the number of its uses (running calls + open WebSockets) and whether a
     * switch retired it.
     */
    private final class Slot {
        private static final long RETIRED = 1L << 62;

        final String name;
        final BiliApiClient client;
        /** {@link #RETIRED} bit | number of uses. */
        private final AtomicLong state = new AtomicLong();
        private final AtomicBoolean closing = new AtomicBoolean();
        private volatile ScheduledFuture<?> deadline;

        Slot(String name, BiliApiClient client) {
            this.name = name;
            this.client = client;
        }

        boolean tryAcquire() {
            while (true) {
                long s = state.get();
                if ((s & RETIRED) != 0) {
                    return false;
                }
                if (state.compareAndSet(s, s + 1)) {
                    return true;
                }
            }
        }

        void release() {
            long s = state.decrementAndGet();
            if (s == RETIRED) {
                closeLater();
            }
        }

        void retire(Duration drain) {
            long s = state.getAndAdd(RETIRED);
            if (s == 0 || drain.isZero()) {
                closeLater();
                return;
            }
            deadline = drainExecutor().schedule(() -> {
                if (closing.get()) {
                    return; // drained just before the deadline was recorded
                }
                long left = state.get() & ~RETIRED;
                LOG.warn("The replaced {} client still had {} running call(s)/open WebSocket(s) after the drain "
                        + "timeout of {}; closing it", name, left, drain);
                closeNow();
            }, drain.toNanos(), TimeUnit.NANOSECONDS);
        }

        /**
         * Closes off the caller's thread: the last use often completes on the client's own I/O thread, which must not
         * close its own event loops.
         */
        private void closeLater() {
            ScheduledThreadPoolExecutor executor;
            synchronized (BiliApiClients.this) {
                executor = closed ? null : drainExecutor();
            }
            if (executor == null) {
                closeNow();
                return;
            }
            try {
                executor.execute(this::closeNow);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                closeNow(); // the registry closed meanwhile
            }
        }

        void closeNow() {
            if (!closing.compareAndSet(false, true)) {
                return;
            }
            ScheduledFuture<?> d = deadline;
            if (d != null) {
                d.cancel(false);
            }
            try {
                client.close();
            } finally {
                draining.remove(this);
            }
        }
    }

    /** An open WebSocket of the view: the client that opened it and that client's handle. */
    private record Ws(Slot slot, int handle, AtomicBoolean released) {
    }

    /** The registry's client: routes each call to the current client, keeps WebSockets on the one that opened them. */
    private final class SharedClient implements BiliApiClient {
        private final AtomicInteger nextHandle = new AtomicInteger();
        private final Map<Integer, Ws> sockets = new ConcurrentHashMap<>();

        @Override
        public Object getWrappedSession() {
            return getSession();
        }

        @Override
        public void setTimeout(Duration timeout) {
            BiliApiClients.this.setTimeout(timeout);
        }

        @Override
        public void setProxy(String proxy) {
            BiliApiClients.this.setProxy(proxy);
        }

        @Override
        public void setVerifySsl(boolean verifySsl) {
            BiliApiClients.this.setVerifySsl(verifySsl);
        }

        @Override
        public void setTrustEnv(boolean trustEnv) {
            BiliApiClients.this.setTrustEnv(trustEnv);
        }

        @Override
        public void setMaxResponseBytes(int maxResponseBytes) {
            BiliApiClients.this.setMaxResponseBytes(maxResponseBytes);
        }

        @Override
        public ClientSettings settings() {
            return currentSlot().client.settings();
        }

        @Override
        public String backendName() {
            return currentSlot().client.backendName();
        }

        @Override
        public CompletableFuture<BiliApiResponse> request(BiliApiRequest request) {
            Objects.requireNonNull(request, "request");
            Slot slot = acquire();
            CompletableFuture<BiliApiResponse> f;
            try {
                f = slot.client.request(request);
            } catch (RuntimeException | Error e) {
                slot.release();
                throw e;
            }
            f.whenComplete((r, e) -> slot.release());
            return f;
        }

        @Override
        public CompletableFuture<Integer> wsCreate(String url, Map<String, String> params,
                Map<String, String> headers, Map<String, String> cookies) {
            Slot slot = acquire();
            CompletableFuture<Integer> f;
            try {
                f = slot.client.wsCreate(url, params, headers, cookies);
            } catch (RuntimeException | Error e) {
                slot.release();
                throw e;
            }
            return f.handle((inner, error) -> {
                if (error != null) {
                    slot.release();
                    throw error instanceof java.util.concurrent.CompletionException ce ? ce
                            : new java.util.concurrent.CompletionException(error);
                }
                int handle = nextHandle.incrementAndGet();
                sockets.put(handle, new Ws(slot, inner, new AtomicBoolean()));
                return handle;
            });
        }

        private Ws socket(int handle) {
            Ws ws = sockets.get(handle);
            if (ws == null) {
                throw new IllegalArgumentException("Unknown or closed WebSocket handle " + handle);
            }
            return ws;
        }

        @Override
        public CompletableFuture<Void> wsSend(int handle, byte[] data) {
            Ws ws = socket(handle);
            return ws.slot().client.wsSend(ws.handle(), data);
        }

        @Override
        public CompletableFuture<BiliWsMessage> wsRecv(int handle) {
            Ws ws = socket(handle);
            return ws.slot().client.wsRecv(ws.handle());
        }

        @Override
        public CompletableFuture<Void> wsClose(int handle) {
            Ws ws = socket(handle);
            CompletableFuture<Void> f;
            try {
                f = ws.slot().client.wsClose(ws.handle());
            } catch (RuntimeException e) {
                forget(handle, ws);
                throw e;
            }
            f.whenComplete((v, e) -> forget(handle, ws));
            return f;
        }

        private void forget(int handle, Ws ws) {
            sockets.remove(handle, ws);
            if (ws.released().compareAndSet(false, true)) {
                ws.slot().release();
            }
        }

        /** Does nothing: the shared client belongs to the registry; {@link BiliApiClients#close()} closes it. */
        @Override
        public void close() {
            // deliberately empty: try-with-resources on get() must not close the client everyone shares
        }

        @Override
        public String toString() {
            return "BiliApiClients.get()[" + BiliApiClients.this + "]";
        }
    }
}
