package io.github.bilibiliapi.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * The paging model over an in-memory listing (the HTTP paths are covered by {@code CommunityFakeTest} on every
 * backend): laziness, limits, resumption, the Flux adapter's demand, and loading without Reactor.
 */
class PagedTest {

    /** 95 numbers in pages of 10 by page number; counts fetches; fails once on a chosen page. */
    static final class Numbers {
        final AtomicInteger fetches = new AtomicInteger();
        volatile int failOn = -1;

        CompletableFuture<Page<Integer>> fetch(PageCursor c) {
            fetches.incrementAndGet();
            if (c.number() == failOn) {
                failOn = -1;
                return CompletableFuture.failedFuture(new IllegalStateException("boom on " + c.number()));
            }
            int from = (c.number() - 1) * 10;
            List<Integer> items = IntStream.range(from, Math.min(95, from + 10)).boxed().toList();
            return CompletableFuture.completedFuture(new Page<>(c, items,
                    from + 10 < 95 ? PageCursor.page(c.number() + 1) : null, 95));
        }

        Paged<Integer> paged() {
            return Paged.of(PageCursor.page(1), this::fetch);
        }
    }

    @Test
    void iteratorFetchesTheNextPageOnlyWhenTheCurrentOneIsUsedUp() {
        Numbers n = new Numbers();
        Iterator<Integer> it = n.paged().iterator();
        assertThat(n.fetches).hasValue(0);
        assertThat(it.hasNext()).isTrue();
        assertThat(n.fetches).hasValue(1);
        for (int i = 0; i < 10; i++) {
            assertThat(it.next()).isEqualTo(i);
        }
        assertThat(n.fetches).hasValue(1);
        assertThat(it.next()).isEqualTo(10);
        assertThat(n.fetches).hasValue(2);
        assertThat(n.paged().stream().toList()).hasSize(95).startsWith(0, 1).endsWith(94);
    }

    @Test
    void limitsStopBeforeAskingForMore() {
        Numbers n = new Numbers();
        assertThat(n.paged().limitItems(20).stream().toList()).hasSize(20);
        assertThat(n.fetches).hasValue(2);
        n.fetches.set(0);
        assertThat(n.paged().limitItems(25).pages().map(p -> p.items().size()).toList()).containsExactly(10, 10, 5);
        assertThat(n.paged().limitPages(4).stream().count()).isEqualTo(40);
        assertThat(n.paged().limitPages(4).limitItems(33).stream().count()).isEqualTo(33);
        assertThat(n.paged().from(PageCursor.page(9)).stream().toList()).containsExactly(80, 81, 82, 83, 84, 85, 86,
                87, 88, 89, 90, 91, 92, 93, 94);
        assertThatThrownBy(() -> n.paged().limitItems(0)).hasMessageContaining("items");
        assertThatThrownBy(() -> n.paged().limitPages(-1)).hasMessageContaining("pages");
        assertThatThrownBy(() -> n.paged().from(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("cursor");
    }

    @Test
    void aFailureCarriesThePageReachedAndTheLoopResumesFromIt() {
        Numbers n = new Numbers();
        n.failOn = 4;
        List<Integer> seen = new ArrayList<>();
        assertThatThrownBy(() -> n.paged().forEach(seen::add)).isInstanceOfSatisfying(PagingException.class, e -> {
            assertThat(e.resumeFrom()).isEqualTo(PageCursor.page(4));
            assertThat(e.pagesDone()).isEqualTo(3);
            assertThat(e.itemsDone()).isEqualTo(30);
            assertThat(e.getCause()).hasMessage("boom on 4");
            assertThat(e.riskControl()).isEmpty();
            n.paged().from(e.resumeFrom()).forEach(seen::add);
        });
        assertThat(seen).hasSize(95).doesNotHaveDuplicates();
    }

    @Test
    void aCursorThatDoesNotMoveEndsTheListing() {
        AtomicInteger fetches = new AtomicInteger();
        Paged<String> stuck = Paged.of(PageCursor.firstOffset(), c -> {
            fetches.incrementAndGet();
            return CompletableFuture.completedFuture(new Page<>(c, List.of("x"), PageCursor.offset(2, "same"), -1));
        }).from(PageCursor.offset(2, "same"));
        assertThat(stuck.stream().toList()).containsExactly("x");
        assertThat(fetches).hasValue(1);
    }

    @Test
    void fluxFollowsDownstreamDemand() {
        Numbers n = new Numbers();
        List<Integer> got = new ArrayList<>();
        BaseSubscriber<Integer> oneAtATime = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription s) {
                // nothing requested yet
            }

            @Override
            protected void hookOnNext(Integer value) {
                got.add(value);
            }
        };
        PagedFlux.items(n.paged()).subscribe(oneAtATime);
        assertThat(n.fetches).as("no demand, no fetch").hasValue(0);
        oneAtATime.request(10);
        assertThat(got).hasSize(10);
        assertThat(n.fetches).hasValue(1);
        oneAtATime.request(1);
        assertThat(got).hasSize(11);
        assertThat(n.fetches).hasValue(2);
        oneAtATime.cancel();
        assertThat(PagedFlux.items(n.paged()).collectList().block()).hasSize(95);
        assertThat(PagedFlux.pages(n.paged().limitPages(2)).count().block()).isEqualTo(2);
        n.failOn = 2;
        assertThatThrownBy(() -> PagedFlux.items(n.paged()).blockLast()).isInstanceOfSatisfying(
                PagingException.class, e -> assertThat(e.resumeFrom().number()).isEqualTo(2));
    }

    @Test
    void pagedLoadsAndWorksWithoutReactorOnTheClassPath() throws Exception {
        try (HidingLoader loader = new HidingLoader("reactor.", "org.reactivestreams.")) {
            Class<?> probe = Class.forName(NoReactorProbe.class.getName(), true, loader);
            assertThat(probe.getClassLoader()).isSameAs(loader);
            assertThat(probe.getMethod("run").invoke(null)).isEqualTo(95L);
            Class<?> paged = Class.forName(Paged.class.getName(), true, loader);
            assertThat(paged.getDeclaredMethods()).isNotEmpty(); // every signature resolves without Reactor
            assertThatThrownBy(() -> Class.forName(PagedFlux.class.getName(), true, loader).getDeclaredMethods())
                    .isInstanceOf(NoClassDefFoundError.class);
        }
    }

    /** Our classes loaded again from the test class path, with some packages hidden. */
    static final class HidingLoader extends URLClassLoader {
        private final List<String> hidden;

        HidingLoader(String... hidden) throws MalformedURLException {
            super("hiding", classPath(), ClassLoader.getPlatformClassLoader());
            this.hidden = List.of(hidden);
        }

        private static URL[] classPath() throws MalformedURLException {
            List<URL> urls = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                urls.add(new File(entry).toURI().toURL());
            }
            return urls.toArray(URL[]::new);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            for (String prefix : hidden) {
                if (name.startsWith(prefix)) {
                    throw new ClassNotFoundException(name + " is hidden by this test's class loader");
                }
            }
            return super.loadClass(name, resolve);
        }
    }
}
