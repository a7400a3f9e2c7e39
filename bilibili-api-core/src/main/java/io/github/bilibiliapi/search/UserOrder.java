package io.github.bilibiliapi.search;

/** Order of user search results ({@code order} + {@code order_sort}). */
public enum UserOrder {
    /** Relevance (default). */
    DEFAULT("0", 0),
    /** Most followers first. */
    FANS_DESC("fans", 0),
    /** Fewest followers first. */
    FANS_ASC("fans", 1),
    /** Highest level first. */
    LEVEL_DESC("level", 0),
    /** Lowest level first. */
    LEVEL_ASC("level", 1);

    private final String order;
    private final int orderSort;

    UserOrder(String order, int orderSort) {
        this.order = order;
        this.orderSort = orderSort;
    }

    /** @return the {@code order} sent */
    public String order() {
        return order;
    }

    /** @return the {@code order_sort} sent */
    public int orderSort() {
        return orderSort;
    }
}
