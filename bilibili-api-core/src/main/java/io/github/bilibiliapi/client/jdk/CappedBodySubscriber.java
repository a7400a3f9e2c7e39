package io.github.bilibiliapi.client.jdk;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * Collects a response body into a byte array up to a cap: a body that delivers more fails with the
 * supplied exception and the subscription is cancelled at once, so nothing past the cap is buffered (the JDK's
 * {@code ofByteArray()} has no limit).
 */
final class CappedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

    private final long cap;
    private final Supplier<? extends RuntimeException> tooLarge;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Flow.Subscription subscription;
    private long received;

    CappedBodySubscriber(long cap, Supplier<? extends RuntimeException> tooLarge) {
        this.cap = cap;
        this.tooLarge = tooLarge;
    }

    /**
     * A body handler reading at most {@code cap} bytes.
     *
     * @param cap      the most bytes accepted
     * @param tooLarge the failure of a larger body
     * @return the handler
     */
    static HttpResponse.BodyHandler<byte[]> handler(long cap, Supplier<? extends RuntimeException> tooLarge) {
        // counted as it arrives, not trusted from Content-Length (HEAD and 304 announce lengths they do not send)
        return info -> new CappedBodySubscriber(cap, tooLarge);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : buffers) {
            received += b.remaining();
            if (received > cap) {
                subscription.cancel();
                result.completeExceptionally(tooLarge.get());
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            out.write(chunk, 0, chunk.length);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(out.toByteArray());
    }
}
