package io.github.bilibiliapi.client.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.ClientSettings;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * How {@link Exchange} assembles a body whatever the backend delivers: pieces smaller or larger than an announced
 * {@code Content-Length}, heap or direct buffers, a body past the cap. The backend here is a script that delivers
 * what the test says (the HTTP backends themselves run the conformance kit).
 */
class ExchangeTest {

    /** Answers every request with a scripted status, headers and body pieces, on the calling thread. */
    static final class Scripted extends AbstractBiliApiClient<AbstractBiliApiClient.WsConnection> {
        final Map<String, List<String>> headers;
        final List<ByteBuffer> pieces;
        final AtomicBoolean aborted = new AtomicBoolean();

        Scripted(ClientSettings settings, Map<String, List<String>> headers, List<ByteBuffer> pieces) {
            super("scripted", settings, null);
            this.headers = headers;
            this.pieces = pieces;
        }

        @Override
        protected void send(Exchange exchange) {
            exchange.onAbort(() -> aborted.set(true));
            exchange.head(200, headers);
            for (ByteBuffer piece : pieces) {
                if (!exchange.body(piece)) {
                    return;
                }
            }
            exchange.complete();
        }

        @Override
        public Object getWrappedSession() {
            return null;
        }

        @Override
        protected void applySettings(ClientSettings next, ClientSettings previous, boolean leavingUserSession) {
        }

        @Override
        protected CompletableFuture<WsConnection> openWebSocket(URI uri, Map<String, String> headers) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void closeResources() {
        }
    }

    private static List<ByteBuffer> pieces(boolean direct, String... texts) {
        List<ByteBuffer> out = new ArrayList<>();
        for (String t : texts) {
            byte[] bytes = t.getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = direct ? ByteBuffer.allocateDirect(bytes.length) : ByteBuffer.allocate(bytes.length);
            b.put(bytes).flip();
            out.add(b);
        }
        return out;
    }

    private static BiliApiResponse get(Scripted client, String method) {
        try (client) {
            return client.request(BiliApiRequest.builder(method, "http://127.0.0.1:1/x").build()).join();
        }
    }

    private static Map<String, List<String>> length(long n) {
        return Map.of("Content-Length", List.of(Long.toString(n)));
    }

    @Test
    void bodiesAreWholeWhateverContentLengthSays() {
        for (boolean direct : new boolean[] {false, true}) {
            assertThat(get(new Scripted(ClientSettings.DEFAULTS, length(6), pieces(direct, "ab", "cdef")), "GET")
                    .utf8Text()).isEqualTo("abcdef");
            // more than announced (a decoded body, a wrong header): kept, not cut
            assertThat(get(new Scripted(ClientSettings.DEFAULTS, length(3), pieces(direct, "ab", "cdef")), "GET")
                    .utf8Text()).isEqualTo("abcdef");
            // less than announced: what came
            assertThat(get(new Scripted(ClientSettings.DEFAULTS, length(10), pieces(direct, "abc")), "GET")
                    .utf8Text()).isEqualTo("abc");
            assertThat(get(new Scripted(ClientSettings.DEFAULTS, Map.of(), pieces(direct, "a", "b", "c")), "GET")
                    .utf8Text()).isEqualTo("abc");
        }
        assertThat(get(new Scripted(ClientSettings.DEFAULTS, length(1_000_000), List.of()), "HEAD").raw()).isEmpty();
        BiliApiResponse response = get(new Scripted(ClientSettings.DEFAULTS,
                Map.of("Set-Cookie", List.of("a=1; Path=/", "b=2")), pieces(false, "x")), "GET");
        assertThat(response.cookies()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(response.url()).isEqualTo("http://127.0.0.1:1/x");
    }

    @Test
    void aBodyPastTheCapFailsAndAbortsTheCallWhateverContentLengthSays() {
        for (Map<String, List<String>> headers : List.of(length(8), length(100), Map.<String, List<String>>of())) {
            Scripted client = new Scripted(ClientSettings.DEFAULTS.withMaxResponseBytes(8), headers,
                    pieces(false, "12345", "6789", "never read"));
            assertThatThrownBy(() -> get(client, "GET")).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(BiliClientException.class)
                    .hasMessageContaining("larger than the cap of 8 bytes").hasMessageContaining("/x");
            assertThat(client.aborted).isTrue();
        }
        Scripted exact = new Scripted(ClientSettings.DEFAULTS.withMaxResponseBytes(8), length(8),
                pieces(false, "1234", "5678"));
        assertThat(get(exact, "GET").utf8Text()).isEqualTo("12345678");
        assertThat(exact.aborted).isFalse();
    }
}
