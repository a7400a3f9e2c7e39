package io.github.bilibiliapi.client;

import org.junit.jupiter.api.Nested;

/**
 * The whole backend conformance kit in one suite: every concern ({@link HttpBasicsConformance},
 * {@link BodiesConformance}, {@link RedirectConformance}, {@link ProxyConformance}, {@link TlsConformance},
 * {@link WebSocketConformance}, {@link LifecycleConformance}) runs as a nested class with this test's hooks, and the
 * backend's own tests can sit next to them. A backend's test extends it and supplies {@link #factory()} and
 * {@link #newUserSession()} (plus the optional hooks of {@link ConformanceKit}).
 */
public abstract class BiliApiClientConformanceTest extends ConformanceKit {

    /** {@link HttpBasicsConformance} on this backend. */
    @Nested
    class HttpBasics extends HttpBasicsConformance {
        @Override
        protected BiliApiClientFactory factory() {
            return BiliApiClientConformanceTest.this.factory();
        }

        @Override
        protected Object newUserSession() {
            return BiliApiClientConformanceTest.this.newUserSession();
        }

        @Override
        protected ConformanceKit hooks() {
            return BiliApiClientConformanceTest.this;
        }
    }

    /** {@link BodiesConformance} on this backend. */
    @Nested
    class Bodies extends BodiesConformance {
        @Override
        protected BiliApiClientFactory factory() {
            return BiliApiClientConformanceTest.this.factory();
        }

        @Override
        protected Object newUserSession() {
            return BiliApiClientConformanceTest.this.newUserSession();
        }

        @Override
        protected ConformanceKit hooks() {
            return BiliApiClientConformanceTest.this;
        }
    }

    /** {@link RedirectConformance} on this backend. */
    @Nested
    class Redirects extends RedirectConformance {
        @Override
        protected BiliApiClientFactory factory() {
            return BiliApiClientConformanceTest.this.factory();
        }

        @Override
        protected Object newUserSession() {
            return BiliApiClientConformanceTest.this.newUserSession();
        }

        @Override
        protected ConformanceKit hooks() {
            return BiliApiClientConformanceTest.this;
        }
    }

    /** {@link ProxyConformance} on this backend. */
    @Nested
    class Proxies extends ProxyConformance {
        @Override
        protected BiliApiClientFactory factory() {
            return BiliApiClientConformanceTest.this.factory();
        }

        @Override
        protected Object newUserSession() {
            return BiliApiClientConformanceTest.this.newUserSession();
        }

        @Override
        protected ConformanceKit hooks() {
            return BiliApiClientConformanceTest.this;
        }
    }

    /** {@link TlsConformance} on this backend. */
    @Nested
    class Tls extends TlsConformance {
        @Override
        protected BiliApiClientFactory factory() {
            return BiliApiClientConformanceTest.this.factory();
        }

        @Override
        protected Object newUserSession() {
            return BiliApiClientConformanceTest.this.newUserSession();
        }

        @Override
        protected ConformanceKit hooks() {
            return BiliApiClientConformanceTest.this;
        }
    }

    /** {@link WebSocketConformance} on this backend. */
    @Nested
    class WebSockets extends WebSocketConformance {
        @Override
        protected BiliApiClientFactory factory() {
            return BiliApiClientConformanceTest.this.factory();
        }

        @Override
        protected Object newUserSession() {
            return BiliApiClientConformanceTest.this.newUserSession();
        }

        @Override
        protected ConformanceKit hooks() {
            return BiliApiClientConformanceTest.this;
        }
    }

    /** {@link LifecycleConformance} on this backend. */
    @Nested
    class Lifecycle extends LifecycleConformance {
        @Override
        protected BiliApiClientFactory factory() {
            return BiliApiClientConformanceTest.this.factory();
        }

        @Override
        protected Object newUserSession() {
            return BiliApiClientConformanceTest.this.newUserSession();
        }

        @Override
        protected ConformanceKit hooks() {
            return BiliApiClientConformanceTest.this;
        }
    }
}
