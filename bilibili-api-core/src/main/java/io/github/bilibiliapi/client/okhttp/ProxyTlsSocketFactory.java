package io.github.bilibiliapi.client.okhttp;

import io.github.bilibiliapi.client.support.ProxySpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Connects to an {@code https://} proxy: OkHttp only speaks plain HTTP to a proxy, so the sockets it opens to the proxy
 * are TLS sockets (the proxy's certificate and host name verified unless {@code verifySsl=false}). Used only while an
 * explicit {@code https://} proxy is set, when every connection goes to that proxy; a TLS target is then layered on top
 * by OkHttp as usual (TLS in TLS).
 */
final class ProxyTlsSocketFactory extends SocketFactory {

    private final ProxySpec proxy;
    private final SSLSocketFactory tls;
    private final boolean verify;

    /**
     * @param proxy    the proxy, for messages
     * @param insecure a factory that trusts everything, or {@code null} to verify with the JVM's trust store
     */
    ProxyTlsSocketFactory(ProxySpec proxy, SSLSocketFactory insecure) {
        this.proxy = proxy;
        this.verify = insecure == null;
        this.tls = insecure != null ? insecure : (SSLSocketFactory) SSLSocketFactory.getDefault();
    }

    @Override
    public Socket createSocket() throws IOException {
        SSLSocket socket = (SSLSocket) tls.createSocket();
        if (verify) {
            SSLParameters parameters = socket.getSSLParameters();
            // the JDK checks the proxy's name against the host the socket connects to
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
        }
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        throw unsupported();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        throw unsupported();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        throw unsupported();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        throw unsupported();
    }

    private UnsupportedOperationException unsupported() {
        // OkHttp only calls createSocket() and connects the socket itself
        return new UnsupportedOperationException("Only unconnected sockets are created for the proxy " + proxy);
    }
}
