package io.github.bilibiliapi.paging;

/** Runs a {@link Paged} walk; loaded by {@link PagedTest} in a class loader without Reactor. */
public final class NoReactorProbe {

    private NoReactorProbe() {
    }

    /** @return how many items the walk saw */
    public static long run() {
        PagedTest.Numbers n = new PagedTest.Numbers();
        return n.paged().stream().count() + (n.paged().iterator().hasNext() ? 0 : 1);
    }
}
