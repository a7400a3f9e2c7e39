package io.github.bilibiliapi.client.jdk;

import io.github.bilibiliapi.client.BiliApiClientConformanceTest;
import io.github.bilibiliapi.client.BiliApiClientFactory;
import java.net.http.HttpClient;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Runs the conformance kit, unchanged, on the JDK backend; JDK-only behaviour is in {@link JdkBackendSpecificTest}.
 *
 * <p><b>Why a GC hint thread.</b> Before Java 21 an {@code HttpClient} cannot be closed: close() cancels our calls,
 * aborts our WebSockets, ends our executor's threads and drops every reference to the clients it built, but their idle
 * keep-alive connections and {@code HttpClient-<n>-SelectorManager} threads end only when the garbage collector has
 * reclaimed them (the selector notices within its 3 s select timeout and closes every channel). The kit checks, after
 * close(), that no thread of the client is alive and that the server sees no open connection; on Java 17-20 that holds
 * once a GC has run, so while each test runs a daemon thread asks for one every 200 ms. On Java 21+ no hint is needed
 * (close() calls {@code shutdownNow()}) and none is given. Nothing else is relaxed: no thread name is allowlisted.
 *
 * <p>HTTPS through an authenticating proxy passes here because core's test JVM runs with
 * {@code -Djdk.http.auth.tunneling.disabledSchemes=} (see core's pom); with the JDK's default the proxy answers 407,
 * which {@link JdkBackendSpecificTest#withJdkDefaultsBasicCredentialsAreDroppedFromConnect} proves in a fresh JVM.
 */
class JdkBiliApiClientTest extends BiliApiClientConformanceTest {

    private static final boolean CLOSEABLE_HTTP_CLIENT = Runtime.version().feature() >= 21;

    private Thread gcHints;
    private CountDownLatch stop;

    @Override
    protected BiliApiClientFactory factory() {
        return JdkBiliApiClient::create;
    }

    @Override
    protected Object newUserSession() {
        return HttpClient.newHttpClient();
    }

    @BeforeEach
    void startGcHints() {
        if (CLOSEABLE_HTTP_CLIENT) {
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        stop = stopped;
        gcHints = new Thread(() -> {
            try {
                while (!stopped.await(200, TimeUnit.MILLISECONDS)) {
                    System.gc();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jdk-test-gc-hints");
        gcHints.setDaemon(true);
        gcHints.start();
    }

    @AfterEach
    void stopGcHints() throws InterruptedException {
        if (gcHints != null) {
            stop.countDown();
            gcHints.join(10_000);
            gcHints = null;
        }
    }
}
