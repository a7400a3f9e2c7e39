package io.github.bilibiliapi.paging;

import java.util.Objects;

/**
 * Where a page starts: its ordinal (1 for the first page, in every paging style) and the token bilibili wants for
 * it — the page number for page-number paging ({@code pn}, {@code page}), the previous answer's offset for cursor
 * paging (comments' {@code next_offset}, dynamics' {@code offset}; empty for the first page). Keep the cursor of the
 * page that failed ({@link PagingException#resumeFrom()}) to resume a loop later with {@link Paged#from(PageCursor)}.
 *
 * @param number the page's ordinal, from 1
 * @param token  what is sent for it (never null; empty for the first page of cursor paging)
 */
public record PageCursor(int number, String token) {

    /** Validates. */
    public PageCursor {
        if (number < 1) {
            throw new IllegalArgumentException("page number must be >= 1, got " + number);
        }
        Objects.requireNonNull(token, "token");
    }

    /**
     * @param number a page number, from 1
     * @return the cursor of that page in page-number paging
     * @throws IllegalArgumentException if {@code number < 1}
     */
    public static PageCursor page(int number) {
        if (number < 1) {
            throw new IllegalArgumentException("page must be >= 1, got " + number);
        }
        return new PageCursor(number, Integer.toString(number));
    }

    /** @return the first page of cursor paging (empty token) */
    public static PageCursor firstOffset() {
        return new PageCursor(1, "");
    }

    /**
     * @param number the ordinal of the page this offset leads to
     * @param offset the offset bilibili returned
     * @return a cursor-paging cursor
     */
    public static PageCursor offset(int number, String offset) {
        return new PageCursor(number, offset);
    }

    /** @return the page number as an int (page-number paging only) */
    public int pageNumber() {
        return number;
    }
}
