package io.github.bilibiliapi.autoconfigure;

import io.github.bilibiliapi.autoconfigure.BilibiliProperties.Backend;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiClientFactory;
import io.github.bilibiliapi.client.BiliApiClientProvider;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.ClientTls;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.WeakHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the auto-configured client: finds the backend's factory among the {@link BiliApiClientProvider}s, applies
 * the settings according to where the session comes from, then the {@link BiliApiClientCustomizer}s.
 */
final class BiliApiClientCreator {

    private static final Logger log = LoggerFactory.getLogger(BiliApiClientCreator.class);

    /**
     * Where each client created here got its session, for the startup line and the Actuator report
     * ({@link BilibiliClientReport}); weak keys, so a closed and dropped client leaves nothing behind.
     */
    private static final Map<BiliApiClient, String> SESSIONS = Collections.synchronizedMap(new WeakHashMap<>());

    private BiliApiClientCreator() {
    }

    /**
     * Says where a client's session comes from.
     *
     * @param client a client
     * @return the description, or {@code null} for a client not created here (the application's own bean)
     */
    static String sessionOf(BiliApiClient client) {
        return SESSIONS.get(client);
    }

    /** Where the session handed to the backend comes from. */
    enum SessionOrigin {
        /** None: the backend creates its session from the settings. */
        NONE,
        /** The application's bean: used as it is, except for the settings the application set explicitly. */
        APPLICATION,
        /** Built here from builder customizers: the settings are put in force on top of it. */
        CUSTOMIZED,
        /** A template the backend builds its own session from, applying the settings from the start. */
        TEMPLATE
    }

    static BiliApiClient create(Backend backend, BilibiliProperties.Request request, ClientTls tls, Object session,
            SessionOrigin origin, String sessionType, Stream<BiliApiClientCustomizer> customizers) {
        String name = OnBackendCondition.name(backend);
        ClientSettings settings = request.toClientSettings().withTls(tls);
        BiliApiClient client = factory(name).create(settings, origin == SessionOrigin.NONE ? null : session);
        try {
            String described = switch (origin) {
                case APPLICATION -> applyExplicitSettings(client, request, settings, sessionType)
                        ? "derived from the application's " + sessionType + " bean"
                        : "the application's " + sessionType + " bean, as is";
                case CUSTOMIZED -> {
                    client.setTimeout(settings.timeout()); // any setter puts every setting in force
                    yield "own, built with the application's builder customizers";
                }
                case TEMPLATE -> "own, from the application's " + sessionType + " as a template";
                case NONE -> "own";
            };
            SESSIONS.put(client, described);
            customizers.forEach(c -> c.customize(client));
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }

    /**
     * Our rule for a user's session: it is used as it is, and a setter is called only for a property the user
     * set (a non-null field). Per the client SPI, the first setter call puts the client's whole settings (explicit
     * values over the defaults) in force on a session derived from the user's.
     */
    private static boolean applyExplicitSettings(BiliApiClient client, BilibiliProperties.Request request,
            ClientSettings settings, String sessionType) {
        List<String> applied = new ArrayList<>();
        if (!settings.tls().isJvmDefault()) {
            // the TLS material is part of the settings given at creation; any setter puts them in force
            client.setVerifySsl(settings.verifySsl());
            applied.add(BilibiliSslBundle.PROPERTY);
        }
        if (request.getProxy() != null) {
            client.setProxy(request.getProxy());
            applied.add("bilibili.request.proxy");
        }
        if (request.getTimeout() != null) {
            client.setTimeout(request.getTimeout());
            applied.add("bilibili.request.timeout");
        }
        if (request.getVerifySsl() != null) {
            client.setVerifySsl(request.getVerifySsl());
            applied.add("bilibili.request.verify-ssl");
        }
        if (request.getTrustEnv() != null) {
            client.setTrustEnv(request.getTrustEnv());
            applied.add("bilibili.request.trust-env");
        }
        // names only: the proxy URL may carry credentials
        if (applied.isEmpty()) {
            log.info("bilibili-api ({}): using the application's {} bean as it is (no bilibili.request.proxy, "
                    + "timeout, verify-ssl or trust-env set)", client.backendName(), sessionType);
        } else {
            log.info("bilibili-api ({}): using the application's {} bean with the explicitly set {} applied on a "
                    + "session derived from it", client.backendName(), sessionType, String.join(", ", applied));
        }
        return !applied.isEmpty();
    }

    /**
     * A backend that is not built in, by its provider's name; the settings are in force from the start.
     *
     * @throws BilibiliBackendUnavailableException naming the available backends when no provider has that name
     */
    static BiliApiClient createByName(String name, BilibiliProperties.Request request, ClientTls tls,
            Stream<BiliApiClientCustomizer> customizers) {
        ClassLoader classLoader = BiliApiClientCreator.class.getClassLoader();
        java.util.Set<String> available = new java.util.TreeSet<>();
        BiliApiClientProvider found = null;
        for (BiliApiClientProvider provider : ServiceLoader.load(BiliApiClientProvider.class, classLoader)) {
            if (provider.isAvailable(classLoader)) {
                available.add(provider.name());
                if (provider.name().equals(name) && found == null) {
                    found = provider;
                }
            }
        }
        if (found == null) {
            List<String> names = new ArrayList<>();
            names.add("auto");
            names.addAll(available);
            throw new BilibiliBackendUnavailableException(name, "bilibili.request.backend is '" + name
                    + "', but no available backend has that name. Available: " + String.join(", ", names)
                    + " (a backend of your own is found through META-INF/services/"
                    + BiliApiClientProvider.class.getName() + ")");
        }
        BiliApiClient client = found.factory().create(request.toClientSettings().withTls(tls), null);
        try {
            customizers.forEach(c -> c.customize(client));
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        log.info("bilibili-api: using the '{}' backend named by bilibili.request.backend ({})", name,
                found.getClass().getName());
        return client;
    }

    static BiliApiClientFactory factory(String name) {
        ClassLoader classLoader = BiliApiClientCreator.class.getClassLoader();
        for (BiliApiClientProvider provider : ServiceLoader.load(BiliApiClientProvider.class, classLoader)) {
            if (provider.name().equals(name)) {
                return provider.factory();
            }
        }
        throw new BilibiliBackendUnavailableException(name, "bilibili-api-core has no '" + name
                + "' backend registered (META-INF/services/" + BiliApiClientProvider.class.getName()
                + "): is an old or repackaged bilibili-api-core on the classpath?");
    }
}
