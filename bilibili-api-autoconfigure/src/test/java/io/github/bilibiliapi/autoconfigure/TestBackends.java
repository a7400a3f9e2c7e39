package io.github.bilibiliapi.autoconfigure;

import java.util.List;

/** The backends on main that the parameterized tests run against (each is on this module's test classpath). */
final class TestBackends {

    static final List<String> ALL = List.of("okhttp");

    private TestBackends() {
    }

    static List<String> all() {
        return ALL;
    }
}
