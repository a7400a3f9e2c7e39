package io.github.bilibiliapi.sample.customclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiClientConformanceTest;
import io.github.bilibiliapi.client.BiliApiClientFactory;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.ClientSettings;
import java.time.Duration;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Test;

/**
 * Runs the project's backend conformance kit, unchanged, on the Jetty example backend, plus what only this backend
 * has: a derived session on the user's threads.
 */
class JettyBiliApiClientTest extends BiliApiClientConformanceTest {

    @Override
    protected BiliApiClientFactory factory() {
        return JettyBiliApiClient::create;
    }

    /** A plain Jetty client with its defaults, started: the backend never starts or stops a user's client. */
    @Override
    protected Object newUserSession() {
        HttpClient client = new HttpClient();
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return client;
    }

    @Override
    protected void releaseUserSession(Object session) {
        try {
            ((HttpClient) session).stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSettingChangeBuildsAClientOnTheUsersThreadsAndNeverStopsTheUsersClient() {
        HttpClient user = (HttpClient) userSession();
        BiliApiClient client = newClient(ClientSettings.DEFAULTS, user);
        assertThat(client.getWrappedSession()).isSameAs(user);

        client.setTimeout(Duration.ofSeconds(5));
        HttpClient derived = (HttpClient) client.getWrappedSession();
        assertThat(derived).isNotSameAs(user);
        assertThat(derived.getExecutor()).isSameAs(user.getExecutor());
        assertThat(derived.getScheduler()).isSameAs(user.getScheduler());
        assertThat(derived.getByteBufferPool()).isSameAs(user.getByteBufferPool());
        assertThat(derived.getConnectTimeout()).isEqualTo(5_000);
        assertThat(result(client.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);

        client.close();
        assertThat(derived.isStopped()).isTrue();
        assertThat(user.isRunning()).isTrue();
        assertThat(user.getProxyConfiguration().getProxies()).isEmpty();
    }
}
