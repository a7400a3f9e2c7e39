package io.github.bilibiliapi.client.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.BiliWsMessage;
import io.github.bilibiliapi.client.BiliWsMsgType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WsInboxTest {

    private final AtomicInteger demanded = new AtomicInteger();
    private final WsInbox inbox = new WsInbox(demanded::incrementAndGet);

    private static BiliWsMessage text(String s) {
        return new BiliWsMessage(s.getBytes(StandardCharsets.UTF_8), BiliWsMsgType.TEXT);
    }

    @Test
    void bufferedMessagesAreReceivedInOrderWithoutDemand() {
        inbox.offer(text("1"));
        inbox.offer(text("2"));
        assertThat(inbox.bufferedCount()).isEqualTo(2);
        assertThat(inbox.receive()).isCompletedWithValue(text("1"));
        assertThat(inbox.receive()).isCompletedWithValue(text("2"));
        assertThat(demanded).hasValue(0);
    }

    @Test
    void eachWaitingReceiveAsksForExactlyOneFrame() {
        CompletableFuture<BiliWsMessage> first = inbox.receive();
        CompletableFuture<BiliWsMessage> second = inbox.receive();
        assertThat(demanded).hasValue(2);
        assertThat(first).isNotDone();
        inbox.offer(text("a"));
        inbox.offer(text("b"));
        assertThat(first).isCompletedWithValue(text("a"));
        assertThat(second).isCompletedWithValue(text("b"));
        // a frame that arrives unasked is buffered and does not cancel out a later request
        inbox.offer(text("extra"));
        assertThat(inbox.receive()).isCompletedWithValue(text("extra"));
        assertThat(inbox.receive()).isNotDone();
        assertThat(demanded).hasValue(3);
    }

    @Test
    void peerCloseComesAfterBufferedMessagesThenClosed() {
        inbox.offer(text("last"));
        inbox.peerClosed(1000, "bye");
        assertThat(inbox.isOpen()).isFalse();
        assertThat(inbox.receive()).isCompletedWithValue(text("last"));
        BiliWsMessage close = inbox.receive().join();
        assertThat(close.type()).isEqualTo(BiliWsMsgType.CLOSE);
        assertThat(close.closeCode()).isEqualTo(1000);
        assertThat(new String(close.data(), 2, 3, StandardCharsets.UTF_8)).isEqualTo("bye");
        assertThat(inbox.receive().join()).isEqualTo(BiliWsMessage.CLOSED);
        inbox.offer(text("too late"));
        assertThat(inbox.receive().join()).isEqualTo(BiliWsMessage.CLOSED);
    }

    @Test
    void peerCloseCompletesTheFirstWaiterWithCloseAndTheOthersWithClosed() {
        CompletableFuture<BiliWsMessage> a = inbox.receive();
        CompletableFuture<BiliWsMessage> b = inbox.receive();
        inbox.peerClosed(4000, "");
        assertThat(a.join().type()).isEqualTo(BiliWsMsgType.CLOSE);
        assertThat(a.join().closeCode()).isEqualTo(4000);
        assertThat(b).isCompletedWithValue(BiliWsMessage.CLOSED);
        inbox.peerClosed(1000, "again"); // ignored
        assertThat(inbox.receive()).isCompletedWithValue(BiliWsMessage.CLOSED);
    }

    @Test
    void closingAnswersClosingAndDropsBufferedDataThenClosedAnswersClosed() {
        inbox.offer(text("dropped"));
        inbox.closing();
        assertThat(inbox.receive()).isCompletedWithValue(BiliWsMessage.CLOSING);
        inbox.closed();
        assertThat(inbox.receive()).isCompletedWithValue(BiliWsMessage.CLOSED);
        assertThat(inbox.bufferedCount()).isZero();
    }

    @Test
    void closingCompletesPendingReceives() {
        CompletableFuture<BiliWsMessage> pending = inbox.receive();
        inbox.closing();
        assertThat(pending).isCompletedWithValue(BiliWsMessage.CLOSING);
        CompletableFuture<BiliWsMessage> later = inbox.receive();
        assertThat(later).isCompletedWithValue(BiliWsMessage.CLOSING);
    }

    @Test
    void failureFailsPendingReceivesWithTheCauseAndLaterOnesGetClosed() {
        CompletableFuture<BiliWsMessage> pending = inbox.receive();
        IllegalStateException cause = new IllegalStateException("reset");
        inbox.failed(cause);
        assertThat(pending).isCompletedExceptionally();
        assertThat(pending.handle((m, e) -> e).join())
                .isInstanceOf(BiliClientException.class).hasCause(cause);
        assertThat(inbox.receive()).isCompletedWithValue(BiliWsMessage.CLOSED);
        BiliClientException already = new BiliClientException("already mapped");
        WsInbox other = new WsInbox(() -> { });
        CompletableFuture<BiliWsMessage> p = other.receive();
        other.failed(already);
        assertThat(p.handle((m, e) -> e).join()).isSameAs(already);
    }

    @Test
    void continuationsDoNotRunUnderTheInboxLock() throws Exception {
        // a continuation that receives again from another thread must not deadlock
        CompletableFuture<BiliWsMessage> first = inbox.receive();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<BiliWsMessage> chained = first.thenCompose(m -> CompletableFuture
                    .supplyAsync(inbox::receive, other).thenCompose(f -> f));
            inbox.offer(text("1"));
            inbox.offer(text("2"));
            assertThat(chained).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(text("2"));
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void concurrentOffersAndReceivesLoseNothing() throws Exception {
        int n = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<BiliWsMessage>> received = new ArrayList<>();
        try {
            var producer = pool.submit(() -> {
                go.await();
                for (int i = 0; i < n; i++) {
                    inbox.offer(text(Integer.toString(i)));
                }
                return null;
            });
            var consumer = pool.submit(() -> {
                go.await();
                for (int i = 0; i < n; i++) {
                    received.add(inbox.receive());
                }
                return null;
            });
            go.countDown();
            producer.get(30, TimeUnit.SECONDS);
            consumer.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < n; i++) {
            assertThat(received.get(i)).succeedsWithin(Duration.ofSeconds(5))
                    .extracting(BiliWsMessage::text).isEqualTo(Integer.toString(i));
        }
        assertThat(inbox.bufferedCount()).isZero();
    }

    @Test
    void oneAtATimeKeepsOneDemandOutstandingAndDrainsWhileClosing() {
        AtomicInteger asked = new AtomicInteger();
        WsInbox single = WsInbox.oneAtATime(asked::incrementAndGet);
        CompletableFuture<BiliWsMessage> first = single.receive();
        CompletableFuture<BiliWsMessage> second = single.receive();
        assertThat(asked).hasValue(1); // a second demand would be refused by such a transport
        single.offer(text("a"));
        assertThat(first).isCompletedWithValue(text("a"));
        assertThat(asked).hasValue(2); // the next one, for the receive still waiting
        single.offer(text("b"));
        assertThat(second).isCompletedWithValue(text("b"));
        assertThat(asked).hasValue(2); // nobody waits: nothing more is read

        single.closing(); // the peer's close frame needs a demand to be read
        assertThat(asked).hasValue(3);
        single.offer(text("late")); // dropped while closing, and the reading goes on
        assertThat(asked).hasValue(4);
        single.closed();
        single.offer(text("after"));
        assertThat(asked).hasValue(4);
    }
}
