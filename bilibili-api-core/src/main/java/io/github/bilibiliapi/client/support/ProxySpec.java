package io.github.bilibiliapi.client.support;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * A parsed proxy URL: {@code http://[user:pass@]host[:port]}, {@code https://...} (TLS to the proxy) or
 * {@code socks5://[user:pass@]host[:port]} ({@code socks5h} is accepted as a synonym). Default ports: 80, 443, 1080.
 *
 * @param type     the proxy kind
 * @param host     the proxy host
 * @param port     the proxy port
 * @param username the user name, or {@code null}
 * @param password the password, or {@code null}; never printed
 */
public record ProxySpec(Type type, String host, int port, String username, String password) {

    /** The kinds of proxy a URL can name. */
    public enum Type {
        /** A plain HTTP proxy. */
        HTTP,
        /** An HTTP proxy reached over TLS. */
        HTTPS,
        /** A SOCKS5 proxy. */
        SOCKS5
    }

    /**
     * Parses a proxy URL.
     *
     * @param url the URL; {@code null} or blank means no proxy
     * @return the proxy, or {@code null} for none
     * @throws IllegalArgumentException if the URL is malformed or its scheme unsupported (the message never shows the
     *                                  password)
     */
    public static ProxySpec parse(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Malformed proxy URL: " + redact(url), null);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Type type = switch (scheme) {
            case "http" -> Type.HTTP;
            case "https" -> Type.HTTPS;
            case "socks5", "socks5h" -> Type.SOCKS5;
            default -> throw new IllegalArgumentException("Unsupported proxy scheme in " + redact(url)
                    + ": expected http://, https:// or socks5://");
        };
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("Proxy URL has no host: " + redact(url));
        }
        if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
            throw new IllegalArgumentException("Proxy URL must not have a path: " + redact(url));
        }
        int port = uri.getPort();
        if (port < 0) {
            port = switch (type) {
                case HTTP -> 80;
                case HTTPS -> 443;
                case SOCKS5 -> 1080;
            };
        }
        String user = null;
        String pass = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            pass = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new ProxySpec(type, host, port, user, pass);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * Hides the user info of a proxy URL.
     *
     * @param url a proxy URL
     * @return the URL with {@code ***} instead of credentials
     */
    public static String redact(String url) {
        if (url == null) {
            return "";
        }
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (scheme >= 0 && at > scheme) {
            return url.substring(0, scheme + 3) + "***@" + url.substring(at + 1);
        }
        return url;
    }

    /**
     * Tells whether credentials are present.
     *
     * @return {@code true} if a user name is set
     */
    public boolean hasCredentials() {
        return username != null;
    }

    /**
     * Returns the {@code Proxy-Authorization} value for Basic authentication.
     *
     * @return {@code Basic ...}, or {@code null} without credentials
     */
    public String basicAuthorization() {
        if (!hasCredentials()) {
            return null;
        }
        String token = username + ":" + (password == null ? "" : password);
        return "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns an unresolved socket address of the proxy.
     *
     * @return the address
     */
    public InetSocketAddress address() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    /**
     * Converts to a {@link Proxy} (HTTPS proxies map to {@link Proxy.Type#HTTP}: the JDK type cannot say "TLS to the
     * proxy").
     *
     * @return the proxy
     */
    public Proxy toJavaProxy() {
        return new Proxy(type == Type.SOCKS5 ? Proxy.Type.SOCKS : Proxy.Type.HTTP, address());
    }

    @Override
    public String toString() {
        return type.name().toLowerCase(Locale.ROOT) + "://" + (hasCredentials() ? "***@" : "") + host + ":" + port;
    }
}
