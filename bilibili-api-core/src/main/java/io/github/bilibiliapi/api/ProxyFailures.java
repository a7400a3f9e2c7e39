package io.github.bilibiliapi.api;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliTimeoutException;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.internal.ProxyResolver;
import io.github.bilibiliapi.client.support.ProxySpec;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Tells a failure to connect through a proxy from other I/O failures, so that the caller learns it was the proxy (and
 * which one, masked) instead of an anonymous "connection refused".
 */
final class ProxyFailures {

    private ProxyFailures() {
    }

    /**
     * @param client the client the exchange went through
     * @param url    the URL it was sent to
     * @param cause  the failure, unwrapped
     * @return a {@link NetworkException} naming the proxy when a proxy applied to the URL and the failure is a
     *         connection failure (refused, unreachable, unknown host, or the proxy's own refusal: CONNECT, SOCKS or
     *         authentication); otherwise {@code cause} itself
     */
    static Throwable classify(BiliApiClient client, String url, Throwable cause) {
        if (cause instanceof BiliApiException || cause instanceof BiliTimeoutException || !connectionFailure(cause)) {
            return cause;
        }
        ProxySpec proxy;
        try {
            ClientSettings settings = client.settings();
            proxy = settings == null ? null : new ProxyResolver(settings).resolve(URI.create(url));
        } catch (RuntimeException e) {
            return cause; // no settings to tell: report the failure as it is
        }
        if (proxy == null) {
            return cause;
        }
        String host = URI.create(url).getHost();
        return new NetworkException("The proxy " + proxy + " refused or failed the connection to " + host + " ("
                + client.backendName() + "): " + cause.getMessage(), proxy.toString(), cause);
    }

    private static boolean connectionFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException) {
                return true;
            }
            String name = t.getClass().getName().toLowerCase(Locale.ROOT);
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (name.contains("proxy") || message.contains("proxy") || message.contains("tunnel")
                    || message.contains("for connect") || message.contains("socks")
                    || message.contains("connection refused")) {
                return true;
            }
        }
        return false;
    }
}
