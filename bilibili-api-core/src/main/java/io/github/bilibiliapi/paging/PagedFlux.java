package io.github.bilibiliapi.paging;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Reactor adapter for {@link Paged}: only usable with Reactor ({@code reactor-core}, which WebFlux and Reactor Netty
 * bring) on the classpath; {@link Paged} itself does not need it, so the rest of the package loads without Reactor.
 *
 * <p>The fluxes are cold and lazy: each subscription walks the listing from its start, and the next page is fetched
 * only when downstream demand asks for more than the pages so far held. Failures are {@link PagingException}s
 * carrying the page reached; cancelling stops the walk (a page in flight is dropped).
 */
public final class PagedFlux {

    private PagedFlux() {
    }

    /**
     * @param paged a listing (its limits apply)
     * @param <T>   item type
     * @return its items
     */
    public static <T> Flux<T> items(Paged<T> paged) {
        return walk(paged, Page::items);
    }

    /**
     * @param paged a listing (its limits apply)
     * @param <T>   item type
     * @return its pages
     */
    public static <T> Flux<Page<T>> pages(Paged<T> paged) {
        return walk(paged, List::of);
    }

    private static <T, R> Flux<R> walk(Paged<T> paged, Function<Page<T>, List<R>> elements) {
        if (paged == null) {
            throw new IllegalArgumentException("paged must not be null");
        }
        return Flux.create(sink -> new Drain<>(paged.walk(), elements, sink).start());
    }

    /** Emits buffered elements on demand; fetches one page at a time when the buffer is empty and demand remains. */
    private static final class Drain<T, R> {
        private final Paged<T>.Walk walk;
        private final Function<Page<T>, List<R>> elements;
        private final FluxSink<R> sink;
        private final Deque<R> buffer = new ArrayDeque<>();
        private boolean fetching;
        private boolean done;
        private boolean draining;
        private boolean again;

        Drain(Paged<T>.Walk walk, Function<Page<T>, List<R>> elements, FluxSink<R> sink) {
            this.walk = walk;
            this.elements = elements;
            this.sink = sink;
        }

        void start() {
            sink.onRequest(n -> drain());
            sink.onCancel(this::cancel);
        }

        private synchronized void cancel() {
            done = true;
            buffer.clear();
        }

        private void drain() {
            synchronized (this) {
                if (draining) {
                    again = true;
                    return;
                }
                draining = true;
            }
            while (true) {
                boolean fetchNow = false;
                synchronized (this) {
                    while (!done && !buffer.isEmpty() && sink.requestedFromDownstream() > 0) {
                        sink.next(buffer.poll());
                    }
                    if (!done && buffer.isEmpty() && !fetching) {
                        if (walk.nextCursor() == null) {
                            done = true;
                            sink.complete();
                        } else if (sink.requestedFromDownstream() > 0) {
                            fetching = true;
                            fetchNow = true;
                        }
                    }
                    if (!again && !fetchNow) {
                        draining = false;
                        return;
                    }
                    again = false;
                }
                if (fetchNow) {
                    walk.fetchNext().whenComplete((page, error) -> {
                        synchronized (this) {
                            fetching = false;
                            if (done) {
                                return;
                            }
                            if (error != null) {
                                done = true;
                                buffer.clear();
                                sink.error(error instanceof java.util.concurrent.CompletionException
                                        && error.getCause() != null ? error.getCause() : error);
                                return;
                            }
                            if (page != null) {
                                buffer.addAll(elements.apply(page));
                            }
                        }
                        drain();
                    });
                }
            }
        }
    }
}
