package io.github.bilibiliapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

    @Test
    void concurrentCallersShareOneFetchAndFailuresAreNotCached() throws Exception {
        SingleFlight<String> cache = new SingleFlight<>();
        AtomicInteger loads = new AtomicInteger();
        CompletableFuture<String> gate = new CompletableFuture<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch joined = new CountDownLatch(64);
            List<CompletableFuture<String>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    CompletableFuture<String> f = cache.get(() -> {
                        loads.incrementAndGet();
                        return gate;
                    }, v -> true).future();
                    joined.countDown();
                    return f;
                }, pool).thenCompose(f -> f));
            }
            start.countDown();
            assertThat(joined.await(10, TimeUnit.SECONDS)).isTrue();
            gate.completeExceptionally(new IllegalStateException("boom"));
            for (CompletableFuture<String> r : results) {
                assertThat(r).failsWithin(5, TimeUnit.SECONDS);
            }
            assertThat(loads).hasValue(1);
            assertThat(cache.get(() -> CompletableFuture.completedFuture("ok"), v -> true).future().join())
                    .isEqualTo("ok");
            assertThat(loads).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void invalidationByGenerationHappensOncePerIncident() {
        SingleFlight<Integer> cache = new SingleFlight<>();
        AtomicInteger loads = new AtomicInteger();
        SingleFlight.Slot<Integer> first = cache.get(() -> CompletableFuture.completedFuture(loads.incrementAndGet()),
                v -> true);
        cache.invalidate(first.generation());
        SingleFlight.Slot<Integer> second = cache.get(() -> CompletableFuture.completedFuture(
                loads.incrementAndGet()), v -> true);
        cache.invalidate(first.generation()); // a late report of the same stale value: ignored
        SingleFlight.Slot<Integer> third = cache.get(() -> CompletableFuture.completedFuture(
                loads.incrementAndGet()), v -> true);
        assertThat(second.generation()).isEqualTo(third.generation());
        assertThat(third.future().join()).isEqualTo(2);
        assertThat(cache.get(() -> CompletableFuture.completedFuture(99), v -> v > 5).future().join())
                .isEqualTo(99);
    }

    @Test
    void buvidPayloadHasTheShapeTheSiteExpects() {
        String uuid = BuvidPayload.uuidInfoc(1_700_000_012_345L, new java.util.Random(1));
        assertThat(uuid).matches("[0-9A-F]+(-[0-9A-F]+){4}12345infoc");
        assertThat(BuvidPayload.uuidInfoc(1_700_000_000_007L, new java.util.Random(2))).endsWith("70000infoc");
        String body = BuvidPayload.body(uuid, 1_700_000_012_345L, "UA/1");
        tools.jackson.databind.JsonNode outer = Json.MAPPER.readTree(body);
        assertThat(outer.properties()).hasSize(1);
        tools.jackson.databind.JsonNode inner = Json.MAPPER.readTree(outer.get("payload").asString());
        assertThat(inner.get("df35").asString()).isEqualTo(uuid);
        assertThat(inner.get("5062").asLong()).isEqualTo(1_700_000_012_345L);
        assertThat(inner.path("3c43").path("b8ce").asString()).isEqualTo("UA/1");
        assertThat(Murmur3.buvidFp(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))).matches("[0-9a-f]{1,32}");
    }
}
