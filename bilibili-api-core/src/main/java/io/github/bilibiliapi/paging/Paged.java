package io.github.bilibiliapi.paging;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One way to page through any bilibili listing, whatever its paging style (cursor/offset or page number).
 * Immutable and lazy: nothing is fetched until asked, and the next page only when the previous one's items are used
 * up. Limits ({@link #limitPages}, {@link #limitItems}) stop a loop before it asks for more.
 *
 * <pre>{@code
 * Paged<Comment> comments = commentService.list(CommentType.VIDEO, aid, CommentSort.TIME);
 * comments.limitItems(500).stream().forEach(c -> System.out.println(c.text()));   // blocking, lazy
 * Page<Comment> first = comments.firstPage().join();                             // one page, async
 * Page<Comment> second = comments.fetch(first.next()).join();
 * PagedFlux.items(comments).take(50).subscribe(...);                             // with Reactor on the classpath
 * }</pre>
 *
 * <p>A failure while iterating ({@link #iterator()}, {@link #stream()}, {@link #pages()}, {@link PagedFlux}) is a
 * {@link PagingException} carrying the page reached; resume with {@code paged.from(e.resumeFrom())}. Single-page
 * calls ({@link #firstPage()}, {@link #fetch(PageCursor)}) fail with the real cause.
 *
 * @param <T> item type
 */
public final class Paged<T> implements Iterable<T> {

    private final Function<PageCursor, CompletableFuture<Page<T>>> fetcher;
    private final PageCursor start;
    private final int maxPages;
    private final long maxItems;

    private Paged(Function<PageCursor, CompletableFuture<Page<T>>> fetcher, PageCursor start, int maxPages,
            long maxItems) {
        this.fetcher = fetcher;
        this.start = start;
        this.maxPages = maxPages;
        this.maxItems = maxItems;
    }

    /**
     * For endpoint services: a listing starting at {@code first}, fetching a page with {@code fetcher}.
     *
     * @param first   the first page's cursor
     * @param fetcher fetches one page; may throw {@link IllegalArgumentException} for bad input before any I/O
     * @param <T>     item type
     * @return the listing, unlimited
     */
    public static <T> Paged<T> of(PageCursor first, Function<PageCursor, CompletableFuture<Page<T>>> fetcher) {
        return new Paged<>(Objects.requireNonNull(fetcher, "fetcher"), Objects.requireNonNull(first, "first"),
                Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * @param cursor where to start, e.g. {@link PagingException#resumeFrom()} or a {@link Page#next()}
     * @return the same listing starting there (limits kept, counted from there)
     */
    public Paged<T> from(PageCursor cursor) {
        return new Paged<>(fetcher, Objects.requireNonNull(cursor, "cursor"), maxPages, maxItems);
    }

    /**
     * @param pages the most pages to fetch while iterating
     * @return a listing with that limit
     * @throws IllegalArgumentException if {@code pages < 1}
     */
    public Paged<T> limitPages(int pages) {
        if (pages < 1) {
            throw new IllegalArgumentException("pages must be >= 1, got " + pages);
        }
        return new Paged<>(fetcher, start, pages, maxItems);
    }

    /**
     * @param items the most items to deliver while iterating (no page is fetched once reached)
     * @return a listing with that limit
     * @throws IllegalArgumentException if {@code items < 1}
     */
    public Paged<T> limitItems(long items) {
        if (items < 1) {
            throw new IllegalArgumentException("items must be >= 1, got " + items);
        }
        return new Paged<>(fetcher, start, maxPages, items);
    }

    /** @return where iteration starts */
    public PageCursor start() {
        return start;
    }

    /** @return the page limit ({@link Integer#MAX_VALUE} = none) */
    public int maxPages() {
        return maxPages;
    }

    /** @return the item limit ({@link Long#MAX_VALUE} = none) */
    public long maxItems() {
        return maxItems;
    }

    /** @return the first page (from {@link #start()}); limits do not apply */
    public CompletableFuture<Page<T>> firstPage() {
        return fetch(start);
    }

    /**
     * Fetches one page.
     *
     * @param cursor a page's cursor, e.g. a previous page's {@link Page#next()}
     * @return the page
     */
    public CompletableFuture<Page<T>> fetch(PageCursor cursor) {
        Objects.requireNonNull(cursor, "cursor");
        try {
            return fetcher.apply(cursor);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Blocking, lazy: the first page is fetched on the first {@code hasNext()}. */
    @Override
    public Iterator<T> iterator() {
        return new ItemIterator();
    }

    /** @return the items as a sequential lazy stream (blocking as it is consumed) */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false);
    }

    /** @return the pages as a sequential lazy stream (blocking; the item limit trims the last page) */
    public Stream<Page<T>> pages() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(new PageIterator(), Spliterator.ORDERED),
                false);
    }

    /**
     * The walk shared by the iterators and {@link PagedFlux}: which page comes next under the limits, and the
     * page as the limits deliver it.
     */
    final class Walk {
        private PageCursor next = start;
        private int pages;
        private long items;

        /** @return the cursor to fetch now, or null when the listing (or a limit) ended */
        PageCursor nextCursor() {
            if (next == null || pages >= maxPages || items >= maxItems) {
                return null;
            }
            return next;
        }

        /** Fetches the page at {@link #nextCursor()}; failures become {@link PagingException}s. */
        CompletableFuture<Page<T>> fetchNext() {
            PageCursor at = nextCursor();
            if (at == null) {
                return CompletableFuture.completedFuture(null);
            }
            int pagesDone = pages;
            long itemsDone = items;
            CompletableFuture<Page<T>> f;
            try {
                f = fetcher.apply(at);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            return f.handle((page, error) -> {
                if (error != null) {
                    throw new PagingException(at, pagesDone, itemsDone, unwrap(error));
                }
                return accept(at, page);
            });
        }

        private Page<T> accept(PageCursor at, Page<T> page) {
            pages++;
            Page<T> out = page;
            long room = maxItems - items;
            if (page.items().size() > room) {
                out = new Page<>(page.cursor(), page.items().subList(0, (int) room), page.next(), page.total());
            }
            items += out.items().size();
            PageCursor n = page.next();
            // a cursor that does not move would loop for ever: treat it as the end
            next = n == null || n.equals(at) || (page.items().isEmpty() && n.token().equals(at.token())) ? null : n;
            return out;
        }
    }

    Walk walk() {
        return new Walk();
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private Page<T> join(CompletableFuture<Page<T>> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable c = unwrap(e);
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private final class PageIterator implements Iterator<Page<T>> {
        private final Walk walk = new Walk();

        @Override
        public boolean hasNext() {
            return walk.nextCursor() != null;
        }

        @Override
        public Page<T> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return join(walk.fetchNext());
        }
    }

    private final class ItemIterator implements Iterator<T> {
        private final Walk walk = new Walk();
        private final Deque<T> buffer = new ArrayDeque<>();

        @Override
        public boolean hasNext() {
            while (buffer.isEmpty()) {
                if (walk.nextCursor() == null) {
                    return false;
                }
                Page<T> page = join(walk.fetchNext());
                buffer.addAll(page.items());
            }
            return true;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return buffer.poll();
        }
    }

    @Override
    public String toString() {
        return "Paged[start=" + start + (maxPages == Integer.MAX_VALUE ? "" : ", maxPages=" + maxPages)
                + (maxItems == Long.MAX_VALUE ? "" : ", maxItems=" + maxItems) + "]";
    }
}
