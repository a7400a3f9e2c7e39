package io.github.bilibiliapi.api;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends requests aimed at bilibili hosts to another base URL instead: a fake server in tests, an offline sample, a
 * company gateway. Only scheme, host and port are replaced (plus the base URL's path, if any, is prefixed); path and
 * query are kept. {@code ws}/{@code wss} URLs follow {@code http}/{@code https} of the base.
 *
 * <p>Host patterns are exact host names or {@code *.suffix} (any sub-domain of {@code suffix}).
 */
public final class HostRedirect {

    /**
     * The hosts redirected by default: the REST hosts this library calls, the live danmaku hosts, and the hosts of the
     * URLs bilibili's answers point to: the video CDN ({@code *.bilivideo.com} mirrors and {@code *.bilivideo.cn}
     * edge nodes in play URLs), the XML danmaku files ({@code comment.bilibili.com}) and subtitle files
     * ({@code aisubtitle.hdslb.com}). A redirection to a gateway therefore carries video downloads too.
     */
    public static final List<String> DEFAULT_HOSTS = List.of("api.bilibili.com", "api.live.bilibili.com",
            "passport.bilibili.com", "www.bilibili.com", "space.bilibili.com", "live-trace.bilibili.com",
            "member.bilibili.com", "*.chat.bilibili.com", "*.chat.hdslb.com", "passport.biligame.com",
            "live-open.biliapi.com", "*.bilivideo.com", "*.bilivideo.cn", "comment.bilibili.com",
            "aisubtitle.hdslb.com");

    private static final HostRedirect NONE = new HostRedirect(null, "", "", "", List.of());

    private final String base;
    private final String scheme;
    private final String authority;
    private final String pathPrefix;
    private final List<String> hosts;

    private HostRedirect(String base, String scheme, String authority, String pathPrefix, List<String> hosts) {
        this.base = base;
        this.scheme = scheme;
        this.authority = authority;
        this.pathPrefix = pathPrefix;
        this.hosts = hosts;
    }

    /** @return no redirection (the default) */
    public static HostRedirect none() {
        return NONE;
    }

    /**
     * @param baseUrl {@code http(s)://host[:port][/path]}
     * @return a redirection of {@link #DEFAULT_HOSTS} to {@code baseUrl}
     * @throws IllegalArgumentException if {@code baseUrl} is not an absolute http(s) URL without query
     */
    public static HostRedirect to(String baseUrl) {
        return to(baseUrl, DEFAULT_HOSTS);
    }

    /**
     * @param baseUrl      {@code http(s)://host[:port][/path]}
     * @param hostPatterns exact hosts or {@code *.suffix} patterns to redirect
     * @return the redirection
     * @throws IllegalArgumentException if {@code baseUrl} or a pattern is malformed
     */
    public static HostRedirect to(String baseUrl, Collection<String> hostPatterns) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(hostPatterns, "hostPatterns");
        Parts p = Parts.parse(baseUrl);
        if (p == null || !(p.scheme.equals("http") || p.scheme.equals("https")) || p.host.isEmpty()) {
            throw new IllegalArgumentException("Host redirect base URL must be http(s)://host[:port][/path], got: "
                    + baseUrl);
        }
        if (p.rest.contains("?") || p.rest.contains("#")) {
            throw new IllegalArgumentException("Host redirect base URL must not have a query or fragment: " + baseUrl);
        }
        String prefix = p.rest.endsWith("/") ? p.rest.substring(0, p.rest.length() - 1) : p.rest;
        List<String> patterns = hostPatterns.stream().map(h -> {
            if (h == null || h.isBlank() || h.contains("/") || h.contains(":")
                    || (h.contains("*") && !(h.startsWith("*.") && h.indexOf('*', 1) < 0))) {
                throw new IllegalArgumentException("Bad host pattern (want host or *.suffix): " + h);
            }
            return h.toLowerCase(Locale.ROOT);
        }).toList();
        return new HostRedirect(baseUrl, p.scheme, p.authority, prefix, patterns);
    }

    /** @return whether this redirects anything */
    public boolean isEnabled() {
        return base != null;
    }

    /** @return the base URL requests are redirected to, if enabled */
    public Optional<String> baseUrl() {
        return Optional.ofNullable(base);
    }

    /** @return the host patterns redirected */
    public List<String> hosts() {
        return hosts;
    }

    /**
     * @param host a host name
     * @return whether requests to {@code host} are redirected
     */
    public boolean matches(String host) {
        if (!isEnabled() || host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        for (String pattern : hosts) {
            if (pattern.startsWith("*.") ? h.endsWith(pattern.substring(1)) : h.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param url an absolute http(s) or ws(s) URL
     * @return the redirected URL, or {@code url} unchanged when its host is not redirected
     */
    public String apply(String url) {
        if (!isEnabled()) {
            return url;
        }
        Parts p = Parts.parse(url);
        if (p == null || !matches(p.host)) {
            return url;
        }
        String newScheme = switch (p.scheme) {
            case "ws", "wss" -> scheme.equals("https") ? "wss" : "ws";
            default -> scheme;
        };
        String path = p.rest.isEmpty() || p.rest.charAt(0) != '/' ? "/" + p.rest : p.rest;
        return newScheme + "://" + authority + pathPrefix + path;
    }

    /**
     * @param url an absolute URL
     * @return its lower-case host, or null when it is not an absolute URL
     */
    static String hostOf(String url) {
        Parts p = Parts.parse(url);
        return p == null ? null : p.host;
    }

    @Override
    public String toString() {
        return isEnabled() ? "HostRedirect[" + hosts + " -> " + base + "]" : "HostRedirect[none]";
    }

    /** Hand-rolled split: URLs here may carry characters {@link java.net.URI} rejects (e.g. {@code context[ts]}). */
    private record Parts(String scheme, String authority, String host, int port, String rest) {
        static Parts parse(String url) {
            int sep = url.indexOf("://");
            if (sep <= 0) {
                return null;
            }
            String scheme = url.substring(0, sep).toLowerCase(Locale.ROOT);
            int start = sep + 3;
            int end = url.length();
            for (int i = start; i < url.length(); i++) {
                char c = url.charAt(i);
                if (c == '/' || c == '?' || c == '#') {
                    end = i;
                    break;
                }
            }
            String authority = url.substring(start, end);
            String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
            String host = hostPort;
            int port = -1;
            if (hostPort.startsWith("[")) {
                int close = hostPort.indexOf(']');
                host = close < 0 ? hostPort : hostPort.substring(0, close + 1);
            } else {
                int colon = hostPort.lastIndexOf(':');
                if (colon >= 0) {
                    host = hostPort.substring(0, colon);
                    try {
                        port = Integer.parseInt(hostPort.substring(colon + 1));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
            }
            return new Parts(scheme, authority, host.toLowerCase(Locale.ROOT), port, url.substring(end));
        }
    }
}
