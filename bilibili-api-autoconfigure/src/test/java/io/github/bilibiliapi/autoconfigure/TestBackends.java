package io.github.bilibiliapi.autoconfigure;

import java.util.List;

/** The backends on main that the parameterized tests run against (each is on this module's test classpath). */
public final class TestBackends {

    static final List<String> ALL = List.of("okhttp", "webclient", "jdk");

    private TestBackends() {
    }

    /** @return the backend names */
    public static List<String> all() {
        return ALL;
    }
}
