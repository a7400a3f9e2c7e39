package io.github.bilibiliapi.client.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.ClientSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
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
        /** Deliver the pieces as one channel read with {@link Exchange#bodyFrom}. */
        boolean channel;
        /** The last exchange, kept as a library's pooled connection may keep it. */
        volatile Exchange last;

        Scripted(ClientSettings settings, Map<String, List<String>> headers, List<ByteBuffer> pieces) {
            super("scripted", settings, null);
            this.headers = headers;
            this.pieces = pieces;
        }

        Scripted viaChannel() {
            channel = true;
            return this;
        }

        @Override
        protected void send(Exchange exchange) {
            last = exchange;
            exchange.onAbort(() -> aborted.set(true));
            exchange.head(200, headers);
            if (channel) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (ByteBuffer piece : pieces) {
                    byte[] b = new byte[piece.remaining()];
                    piece.duplicate().get(b);
                    all.writeBytes(b);
                }
                try {
                    if (exchange.bodyFrom(Channels.newChannel(new ByteArrayInputStream(all.toByteArray())))) {
                        exchange.complete();
                    }
                } catch (IOException e) {
                    exchange.fail(e);
                }
                return;
            }
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

    @Test
    void aChannelReadIntoTheAnnouncedLengthGivesTheSameBodies() {
        assertThat(get(new Scripted(ClientSettings.DEFAULTS, length(6), pieces(false, "ab", "cdef")).viaChannel(),
                "GET").utf8Text()).isEqualTo("abcdef");
        assertThat(get(new Scripted(ClientSettings.DEFAULTS, length(3), pieces(false, "ab", "cdef")).viaChannel(),
                "GET").utf8Text()).isEqualTo("abcdef");
        assertThat(get(new Scripted(ClientSettings.DEFAULTS, length(10), pieces(false, "abc")).viaChannel(),
                "GET").utf8Text()).isEqualTo("abc");
        assertThat(get(new Scripted(ClientSettings.DEFAULTS, Map.of(), pieces(false, "a", "b", "c")).viaChannel(),
                "GET").utf8Text()).isEqualTo("abc");
        for (Map<String, List<String>> headers : List.of(length(8), length(100), Map.<String, List<String>>of())) {
            Scripted client = new Scripted(ClientSettings.DEFAULTS.withMaxResponseBytes(8), headers,
                    pieces(false, "12345", "6789")).viaChannel();
            assertThatThrownBy(() -> get(client, "GET")).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(BiliClientException.class)
                    .hasMessageContaining("larger than the cap of 8 bytes");
            assertThat(client.aborted).isTrue();
        }
    }

    @Test
    void aDeliveredBodyIsNotKeptByItsExchange() {
        for (Map<String, List<String>> headers : List.of(length(1 << 20), Map.<String, List<String>>of())) {
            Scripted client = new Scripted(ClientSettings.DEFAULTS, headers,
                    List.of(ByteBuffer.allocate(1 << 19), ByteBuffer.allocate(1 << 19)));
            WeakReference<byte[]> body = new WeakReference<>(get(client, "GET").raw());
            assertThat(client.last).isNotNull();
            await().until(() -> {
                System.gc(); // the exchange stays reachable; the body it delivered must not
                return body.get() == null;
            });
            assertThat(client.last.isDone()).isTrue();
        }
    }
}
