package io.github.bilibiliapi.client.jdk;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.ClientSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Run in a fresh JVM by {@link JdkBackendSpecificTest}: one HTTPS request through an authenticating proxy with the
 * JDK's default {@code jdk.http.auth.tunneling.disabledSchemes}; prints the status.
 */
public final class TunnelAuthProbe {

    private TunnelAuthProbe() {
    }

    /**
     * Sends the request.
     *
     * @param args the proxy URL with credentials, and the HTTPS URL
     * @throws Exception on failure (the parent test sees a non-zero exit)
     */
    public static void main(String[] args) throws Exception {
        ClientSettings settings = ClientSettings.DEFAULTS.withTrustEnv(false).withVerifySsl(false)
                .withTimeout(Duration.ofSeconds(20)).withProxy(args[0]);
        try (BiliApiClient client = JdkBiliApiClient.create(settings, null)) {
            int code = client.request(BiliApiRequest.get(args[1]).build()).get(30, TimeUnit.SECONDS).code();
            System.out.println("disabledSchemes=" + System.getProperty("jdk.http.auth.tunneling.disabledSchemes")
                    + " status=" + code);
        }
    }
}
