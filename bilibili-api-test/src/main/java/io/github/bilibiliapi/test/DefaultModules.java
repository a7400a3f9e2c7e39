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
        // one state for the REST routes and the live routes: getDanmuInfo checks WBI keys and buvid3 activation
        io.github.bilibiliapi.test.bilibili.FakeBilibiliState bilibili =
                new io.github.bilibiliapi.test.bilibili.FakeBilibiliState();
        modules.add(new io.github.bilibiliapi.test.bilibili.BilibiliModule(bilibili));
        modules.add(new io.github.bilibiliapi.test.live.LiveModule(bilibili));
        modules.add(new io.github.bilibiliapi.test.bilibili.PassportModule(bilibili));
        modules.add(new io.github.bilibiliapi.test.bilibili.VideoModule(bilibili));
        modules.add(new io.github.bilibiliapi.test.bilibili.CommunityModule(bilibili));
        return modules;
    }
}
