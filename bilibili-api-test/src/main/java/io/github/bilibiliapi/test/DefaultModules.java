package io.github.bilibiliapi.test;

import java.util.ArrayList;
import java.util.List;

/**
 * The modules {@link FakeBilibiliServer#start()} installs. Other packages add their module with one line here.
 */
final class DefaultModules {

    private DefaultModules() {
    }

    static List<ServerModule> create() {
        List<ServerModule> modules = new ArrayList<>();
        modules.add(new HttpTestModule());
        modules.add(new io.github.bilibiliapi.test.bilibili.BilibiliModule());
        return modules;
    }
}
