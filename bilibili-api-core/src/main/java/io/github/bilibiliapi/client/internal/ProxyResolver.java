package io.github.bilibiliapi.client.internal;

import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.support.ProxySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Decides which proxy a URL goes through, the same way on every backend:
 * <ol>
 * <li>an explicit {@link ClientSettings#proxy()} is used for every URL;</li>
 * <li>else, when {@link ClientSettings#trustEnv()} is on: the environment variables {@code http_proxy} /
 * {@code https_proxy} (by the URL's scheme; {@code ws} counts as http, {@code wss} as https), then {@code all_proxy},
 * each looked up lower case first, then upper case, minus hosts matched by {@code no_proxy}/{@code NO_PROXY}; then
 * the JVM properties {@code http.proxyHost}/{@code https.proxyHost} (+ {@code .proxyPort},
 * {@code http.nonProxyHosts}) and {@code socksProxyHost};</li>
 * <li>else no proxy.</li>
 * </ol>
 */
public final class ProxyResolver {

    private final ProxySpec explicit;
    private final boolean trustEnv;
    private final Function<String, String> env;
    private final Properties properties;

    /**
     * Creates a resolver reading the real environment and system properties.
     *
     * @param settings the client settings
     */
    public ProxyResolver(ClientSettings settings) {
        this(settings, System::getenv, System.getProperties());
    }

    /**
     * Creates a resolver over a given environment, for tests.
     *
     * @param settings   the client settings
     * @param env        environment lookup
     * @param properties JVM properties
     */
    public ProxyResolver(ClientSettings settings, Function<String, String> env, Properties properties) {
        this.explicit = settings.proxySpec();
        this.trustEnv = settings.trustEnv();
        this.env = Objects.requireNonNull(env, "env");
        this.properties = Objects.requireNonNull(properties, "properties");
    }

    /**
     * Tells whether no URL can ever go through a proxy (no explicit proxy and the environment not trusted).
     *
     * @return {@code true} if every connection is direct
     */
    public boolean alwaysDirect() {
        return explicit == null && !trustEnv;
    }

    /**
     * Returns the explicit proxy of the settings.
     *
     * @return the proxy, or {@code null}
     */
    public ProxySpec explicitProxy() {
        return explicit;
    }

    /**
     * Resolves the proxy of one URL.
     *
     * @param target the URL to reach
     * @return the proxy, or {@code null} for a direct connection
     */
    public ProxySpec resolve(URI target) {
        if (explicit != null) {
            return explicit;
        }
        if (!trustEnv) {
            return null;
        }
        String scheme = target.getScheme() == null ? "http" : target.getScheme().toLowerCase(Locale.ROOT);
        boolean secure = scheme.equals("https") || scheme.equals("wss");
        String host = target.getHost() == null ? "" : target.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // URI keeps IPv6 brackets; no_proxy entries lose theirs
        }
        int port = target.getPort() >= 0 ? target.getPort() : (secure ? 443 : 80);

        String fromEnv = firstEnv(secure ? "https_proxy" : "http_proxy");
        if (fromEnv == null) {
            fromEnv = firstEnv("all_proxy");
        }
        if (fromEnv != null) {
            String noProxy = firstEnv("no_proxy");
            if (noProxy != null && matchesNoProxy(noProxy, host, port)) {
                return null;
            }
            return ProxySpec.parse(fromEnv.contains("://") ? fromEnv : "http://" + fromEnv);
        }
        return fromProperties(secure, host);
    }

    private String firstEnv(String lowerName) {
        String v = env.apply(lowerName);
        if (v == null || v.isBlank()) {
            v = env.apply(lowerName.toUpperCase(Locale.ROOT));
        }
        return v == null || v.isBlank() ? null : v.strip();
    }

    private ProxySpec fromProperties(boolean secure, String host) {
        String prefix = secure ? "https." : "http.";
        String proxyHost = properties.getProperty(prefix + "proxyHost");
        if (proxyHost != null && !proxyHost.isBlank()) {
            // http.nonProxyHosts applies to https too, as in the JDK
            String nonProxy = properties.getProperty("http.nonProxyHosts");
            if (nonProxy != null && matchesJavaNonProxy(nonProxy, host)) {
                return null;
            }
            int port = parsePort(properties.getProperty(prefix + "proxyPort"), secure ? 443 : 80);
            return new ProxySpec(ProxySpec.Type.HTTP, proxyHost.strip(), port, null, null);
        }
        String socksHost = properties.getProperty("socksProxyHost");
        if (socksHost != null && !socksHost.isBlank()) {
            return new ProxySpec(ProxySpec.Type.SOCKS5, socksHost.strip(),
                    parsePort(properties.getProperty("socksProxyPort"), 1080), null, null);
        }
        return null;
    }

    private static int parsePort(String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid proxy port in JVM properties: '" + value + "'", e);
        }
    }

    /**
     * Applies curl's {@code no_proxy} rules: comma-separated entries; {@code *} matches all; an entry matches the host
     * itself and its subdomains (a leading dot is optional); {@code host:port} restricts to that port.
     *
     * @param noProxy the variable's value
     * @param host    the lower-case host
     * @param port    the port
     * @return {@code true} if the host bypasses the proxy
     */
    static boolean matchesNoProxy(String noProxy, String host, int port) {
        for (String raw : noProxy.split(",")) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                return true;
            }
            int entryPort = -1;
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.indexOf(':') == colon && !entry.endsWith("]")) {
                try {
                    entryPort = Integer.parseInt(entry.substring(colon + 1));
                    entry = entry.substring(0, colon);
                } catch (NumberFormatException ignored) {
                    // not a port: keep the entry whole
                }
            }
            if (entryPort >= 0 && entryPort != port) {
                continue;
            }
            if (entry.startsWith("*.")) {
                entry = entry.substring(1);
            }
            if (entry.startsWith(".")) {
                entry = entry.substring(1);
            }
            if (entry.startsWith("[") && entry.endsWith("]")) {
                entry = entry.substring(1, entry.length() - 1);
            }
            if (host.equals(entry) || host.endsWith("." + entry)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesJavaNonProxy(String nonProxyHosts, String host) {
        for (String raw : nonProxyHosts.split("\\|")) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            String regex = Pattern.quote(entry).replace("*", "\\E.*\\Q");
            if (host.matches(regex)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adapts this resolver to a {@link ProxySelector} for backends that take one (OkHttp, JDK). Credentials are not
     * part of a {@link Proxy}: backends send them themselves (see {@link ProxySpec#basicAuthorization()}).
     *
     * @return a selector that answers from this resolver
     */
    public ProxySelector asProxySelector() {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                ProxySpec spec = resolve(uri);
                List<Proxy> list = new ArrayList<>(1);
                list.add(spec == null ? Proxy.NO_PROXY : spec.toJavaProxy());
                return list;
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                // nothing to remember: the caller reports the failure
            }

            @Override
            public String toString() {
                return "ProxyResolver[explicit=" + explicit + ", trustEnv=" + trustEnv + "]";
            }
        };
    }

    /**
     * Returns the address a {@link Proxy} points at, resolving it if needed.
     *
     * @param spec the proxy
     * @return a resolved address
     */
    public static InetSocketAddress resolvedAddress(ProxySpec spec) {
        return new InetSocketAddress(spec.host(), spec.port());
    }
}
