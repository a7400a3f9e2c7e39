package io.github.bilibiliapi.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The client registry: the seed's {@code register_client}, {@code select_client}, {@code unregister_client},
 * {@code get_client}, {@code get_session} and {@code set_session}, as an object.
 *
 * <p>{@link #create()} registers every backend whose HTTP library is on the classpath (found with
 * {@link ServiceLoader} as {@link BiliApiClientProvider}s) and selects the one with the highest priority: OkHttp, then
 * WebClient, then the JDK {@code HttpClient} (the seed's curl_cffi → aiohttp → httpx). {@link #get()} lazily creates
 * <em>one</em> shared, thread-safe client of the selected backend from the current settings. Unlike the seed there is
 * no per-event-loop pool: an asyncio session is bound to the loop that created it, while a JVM HTTP client is
 * thread-safe and owns its own threads, so one client serves every caller.
 *
 * <p>Nothing here is static state: create as many registries as you need. {@link #defaultInstance()} exists for
 * seed-style code that wants a process-wide one.
 *
 * <p>All methods are thread-safe.
 */
public final class BiliApiClients implements AutoCloseable {

    private static final Object DEFAULT_LOCK = new Object();
    private static volatile BiliApiClients defaultInstance;

    private final Map<String, Registration> registrations = new LinkedHashMap<>();
    private String selected;
    private ClientSettings settings = ClientSettings.DEFAULTS;
    private Object session;
    private volatile BiliApiClient client;
    private boolean closed;

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
            registry.register(provider.name(), provider.factory(), provider.priority());
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
     * Returns the process-wide registry, created on first use, for seed-style code. Prefer passing a registry or a
     * client around.
     *
     * @return the default registry
     */
    public static BiliApiClients defaultInstance() {
        BiliApiClients instance = defaultInstance;
        if (instance == null) {
            synchronized (DEFAULT_LOCK) {
                instance = defaultInstance;
                if (instance == null) {
                    instance = create();
                    defaultInstance = instance;
                }
            }
        }
        return instance;
    }

    /**
     * Registers a backend; the seed's "register the class, not an instance". Registering a name again replaces it
     * (and closes the client if that backend was selected).
     *
     * @param name    the name, for example {@code apache}
     * @param factory creates clients of the backend
     * @return this registry
     */
    public BiliApiClients register(String name, BiliApiClientFactory factory) {
        return register(name, factory, 0);
    }

    private synchronized BiliApiClients register(String name, BiliApiClientFactory factory, int priority) {
        ensureOpen();
        checkName(name);
        Objects.requireNonNull(factory, "factory");
        registrations.put(name, new Registration(factory, priority));
        if (name.equals(selected)) {
            dropClient();
        }
        return this;
    }

    /**
     * Removes a backend. If it was selected, the remaining backend with the highest priority is selected (none if the
     * registry is now empty).
     *
     * @param name the name
     * @return this registry
     * @throws IllegalArgumentException if no backend has that name
     */
    public synchronized BiliApiClients unregister(String name) {
        ensureOpen();
        requireRegistered(name);
        registrations.remove(name);
        if (name.equals(selected)) {
            dropClient();
            selected = registrations.entrySet().stream()
                    .max(Comparator.comparingInt(e -> e.getValue().priority()))
                    .map(Map.Entry::getKey).orElse(null);
        }
        return this;
    }

    /**
     * Selects the backend {@link #get()} uses. A session set with {@link #setSession} must fit the new backend.
     *
     * @param name the name
     * @return this registry
     * @throws IllegalArgumentException if no backend has that name, or the session does not fit it
     */
    public synchronized BiliApiClients select(String name) {
        ensureOpen();
        requireRegistered(name);
        if (!name.equals(selected)) {
            dropClient();
            selected = name;
            if (session != null) {
                client = newClient(); // fail now, not on first use, if the session does not fit
            }
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
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(registrations.keySet()));
    }

    /**
     * Returns the shared client of the selected backend, creating it on first use (the seed's {@code get_client}).
     *
     * @return the client
     * @throws IllegalStateException if no backend is registered
     */
    public BiliApiClient get() {
        BiliApiClient c = client;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            ensureOpen();
            if (client == null) {
                client = newClient();
            }
            return client;
        }
    }

    /**
     * Returns the session the shared client wraps, so that the application can use it too (the seed's
     * {@code get_session}).
     *
     * @return the wrapped session
     */
    public Object getSession() {
        return get().getWrappedSession();
    }

    /**
     * Makes the library use the application's session, as it is, until a setting is changed (the seed's
     * {@code set_session}). {@code null} goes back to a session created from the settings. The previous client is
     * closed; a session the user supplied is never shut down by it.
     *
     * @param session an {@code okhttp3.OkHttpClient}, WebClient, {@code java.net.http.HttpClient}... fitting the
     *                selected backend
     * @return this registry
     * @throws IllegalArgumentException if the session does not fit the selected backend
     */
    public synchronized BiliApiClients setSession(Object session) {
        ensureOpen();
        Object previous = this.session;
        BiliApiClient previousClient = client;
        this.session = session;
        client = null;
        try {
            client = newClient();
        } catch (RuntimeException e) {
            this.session = previous;
            client = previousClient;
            throw e;
        }
        if (previousClient != null) {
            previousClient.close();
        }
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
     * Sets the timeout; reaches the live client.
     *
     * @param timeout the call timeout
     * @return this registry
     */
    public synchronized BiliApiClients setTimeout(Duration timeout) {
        return update(settings.withTimeout(timeout), c -> c.setTimeout(timeout));
    }

    /**
     * Sets the proxy; reaches the live client.
     *
     * @param proxy the proxy URL or {@code ""}
     * @return this registry
     */
    public synchronized BiliApiClients setProxy(String proxy) {
        return update(settings.withProxy(proxy), c -> c.setProxy(proxy));
    }

    /**
     * Turns TLS verification on or off; reaches the live client.
     *
     * @param verifySsl whether to verify
     * @return this registry
     */
    public synchronized BiliApiClients setVerifySsl(boolean verifySsl) {
        return update(settings.withVerifySsl(verifySsl), c -> c.setVerifySsl(verifySsl));
    }

    /**
     * Sets whether environment proxies are honoured; reaches the live client.
     *
     * @param trustEnv whether to honour them
     * @return this registry
     */
    public synchronized BiliApiClients setTrustEnv(boolean trustEnv) {
        return update(settings.withTrustEnv(trustEnv), c -> c.setTrustEnv(trustEnv));
    }

    /** Applies new settings to the live client first: a backend may refuse them (SOCKS on the JDK), then nothing changes. */
    private BiliApiClients update(ClientSettings next, Consumer<BiliApiClient> toLiveClient) {
        if (client != null) {
            toLiveClient.accept(client);
        }
        settings = next;
        return this;
    }

    /** Closes the shared client. The registry cannot be used afterwards. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        dropClient();
    }

    private BiliApiClient newClient() {
        if (selected == null) {
            throw new IllegalStateException("No bilibili-api client backend is registered: add okhttp-jvm or "
                    + "spring-webflux to the classpath, or register one");
        }
        BiliApiClient created = registrations.get(selected).factory().create(settings, session);
        if (created == null) {
            throw new IllegalStateException("The factory of backend '" + selected + "' returned null");
        }
        return created;
    }

    private void dropClient() {
        BiliApiClient c = client;
        client = null;
        if (c != null) {
            c.close();
        }
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
                + settings + ", userSession=" + (session != null) + "]";
    }
}
