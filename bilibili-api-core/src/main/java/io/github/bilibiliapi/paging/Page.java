package io.github.bilibiliapi.paging;

import java.util.List;
import java.util.Objects;

/**
 * One page of a {@link Paged} listing.
 *
 * @param cursor where this page started
 * @param items  its items, in bilibili's order (immutable)
 * @param next   the cursor of the next page, or {@code null} when this is the last one
 * @param total  the total number of items bilibili reports, or -1 when it reports none
 * @param <T>    item type
 */
public record Page<T>(PageCursor cursor, List<T> items, PageCursor next, long total) {

    /** Copies the items. */
    public Page {
        Objects.requireNonNull(cursor, "cursor");
        items = List.copyOf(items);
    }

    /** @return whether bilibili says there is a next page */
    public boolean hasNext() {
        return next != null;
    }
}
