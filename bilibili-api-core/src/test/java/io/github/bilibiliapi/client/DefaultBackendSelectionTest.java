package io.github.bilibiliapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.test.FakeBilibiliServer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default backend in plain Java, without Spring: OkHttp if {@code okhttp3.OkHttpClient} loads, else WebClient if
 * Spring's {@code WebClient} and Reactor Netty load, else the JDK client.
 *
 * <p>Each case runs {@link BiliApiClients#create(ClassLoader)} inside a {@link FilteringLoader}: a class loader over the
 * test class path whose parent is the platform loader (so it loads our classes, the providers and the libraries itself
 * and {@link java.util.ServiceLoader} and {@code Class.forName} see only its view) and that refuses the packages a case
 * hides. Everything is called reflectively: the classes inside are not the test's.
 */
class DefaultBackendSelectionTest {

    private static final String OKHTTP = "okhttp3.";
    private static final String WEBFLUX = "org.springframework.web.reactive.";
    private static final String REACTOR_NETTY = "reactor.netty.";

    private static FakeBilibiliServer server;

    @BeforeAll
    static void startServer() {
        server = FakeBilibiliServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void okHttpWinsWhenEverythingIsPresent() throws Exception {
        try (FilteringLoader loader = new FilteringLoader()) {
            assertThat(loader.loads("okhttp3.OkHttpClient")).isTrue();
            assertThat(selected(loader)).isEqualTo("okhttp");
            assertThat(registered(loader)).contains("okhttp", "webclient", "jdk");
        }
    }

    @Test
    void webClientWinsWithoutOkHttp() throws Exception {
        try (FilteringLoader loader = new FilteringLoader(OKHTTP)) {
            assertThat(loader.loads("okhttp3.OkHttpClient")).isFalse();
            assertThat(loader.loads("org.springframework.web.reactive.function.client.WebClient")).isTrue();
            assertThat(selected(loader)).isEqualTo("webclient");
            assertThat(registered(loader)).containsExactlyInAnyOrder("webclient", "jdk");
        }
    }

    @Test
    void jdkWithoutOkHttpAndWebFlux() throws Exception {
        try (FilteringLoader loader = new FilteringLoader(OKHTTP, WEBFLUX)) {
            assertThat(selected(loader)).isEqualTo("jdk");
            assertThat(registered(loader)).containsExactly("jdk");
        }
    }

    @Test
    void jdkWhenWebClientLacksReactorNetty() throws Exception {
        try (FilteringLoader loader = new FilteringLoader(OKHTTP, REACTOR_NETTY)) {
            assertThat(loader.loads("org.springframework.web.reactive.function.client.WebClient")).isTrue();
            assertThat(loader.loads("reactor.netty.http.client.HttpClient")).isFalse();
            assertThat(selected(loader)).isEqualTo("jdk");
        }
    }

    @Test
    void jdkOnlyClientMakesARealRequest() throws Exception {
        try (FilteringLoader loader = new FilteringLoader(OKHTTP, WEBFLUX, REACTOR_NETTY)) {
            Class<?> registryType = loader.loadClass(BiliApiClients.class.getName());
            assertThat(registryType.getClassLoader()).isSameAs(loader);
            assertThat(registryType).isNotSameAs(BiliApiClients.class);
            Object registry = registryType.getMethod("create", ClassLoader.class).invoke(null, loader);
            try {
                assertThat(registryType.getMethod("selected").invoke(registry)).isEqualTo("jdk");
                Object client = registryType.getMethod("get").invoke(registry);
                // the registry's view, routing to the JDK client; both loaded by the filtering loader
                assertThat(loader.loadClass(BiliApiClient.class.getName()).getMethod("backendName").invoke(client))
                        .isEqualTo("jdk");
                assertThat(client.getClass().getClassLoader()).isSameAs(loader);
                assertThat(registryType.getMethod("getSession").invoke(registry))
                        .isInstanceOf(java.net.http.HttpClient.class);

                Class<?> requestType = loader.loadClass(BiliApiRequest.class.getName());
                Object builder = requestType.getMethod("get", String.class)
                        .invoke(null, server.httpBaseUrl() + "/test/json");
                Object request = builder.getClass().getMethod("build").invoke(builder);
                Class<?> clientType = loader.loadClass(BiliApiClient.class.getName());
                CompletableFuture<?> call = (CompletableFuture<?>) clientType.getMethod("request", requestType)
                        .invoke(client, request);
                Object response = call.get(30, TimeUnit.SECONDS);
                assertThat(response.getClass().getMethod("code").invoke(response)).isEqualTo(200);
                assertThat(response.getClass().getMethod("utf8Text").invoke(response))
                        .isEqualTo(io.github.bilibiliapi.test.HttpTestModule.JSON_BODY);
                assertThat(server.requestCount("/test/json")).isPositive();
            } finally {
                registryType.getMethod("close").invoke(registry);
            }
        }
    }

    @Test
    void filteringLoaderRefusesHiddenPackages() throws Exception {
        try (FilteringLoader loader = new FilteringLoader(OKHTTP)) {
            assertThatThrownBy(() -> Class.forName("okhttp3.OkHttpClient", false, loader))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThat(loader.getResource("okhttp3/OkHttpClient.class")).isNull();
        }
    }

    private static String selected(ClassLoader loader) throws Exception {
        Class<?> registryType = loader.loadClass(BiliApiClients.class.getName());
        Object registry = registryType.getMethod("create", ClassLoader.class).invoke(null, loader);
        try {
            return (String) registryType.getMethod("selected").invoke(registry);
        } finally {
            registryType.getMethod("close").invoke(registry);
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<String> registered(ClassLoader loader) throws Exception {
        Class<?> registryType = loader.loadClass(BiliApiClients.class.getName());
        Object registry = registryType.getMethod("create", ClassLoader.class).invoke(null, loader);
        try {
            return (Set<String>) registryType.getMethod("registered").invoke(registry);
        } finally {
            registryType.getMethod("close").invoke(registry);
        }
    }

    /**
     * A class loader over the test class path that loads everything but the platform itself (its parent is the
     * platform loader, never the application loader) and refuses the hidden packages, classes and resources alike.
     */
    static final class FilteringLoader extends URLClassLoader {

        private final List<String> hidden;

        FilteringLoader(String... hiddenPackages) {
            super("filtering", testClassPath(), ClassLoader.getPlatformClassLoader());
            this.hidden = List.of(hiddenPackages);
        }

        boolean loads(String className) {
            try {
                Class.forName(className, false, this);
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }

        private boolean isHidden(String name) {
            for (String prefix : hidden) {
                if (name.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (isHidden(name)) {
                throw new ClassNotFoundException(name + " is hidden by this test's class loader");
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public URL findResource(String name) {
            return isHidden(name.replace('/', '.')) ? null : super.findResource(name);
        }

        @Override
        public java.util.Enumeration<URL> findResources(String name) throws IOException {
            if (isHidden(name.replace('/', '.'))) {
                return java.util.Collections.emptyEnumeration();
            }
            return super.findResources(name);
        }

        /** The test class path; Surefire's manifest-only booter jar is expanded to the entries it names. */
        private static URL[] testClassPath() {
            Set<URL> urls = new LinkedHashSet<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (entry.isBlank()) {
                    continue;
                }
                File file = new File(entry);
                urls.add(toUrl(file));
                if (file.isFile() && file.getName().endsWith(".jar")) {
                    urls.addAll(manifestClassPath(file));
                }
            }
            return urls.toArray(URL[]::new);
        }

        private static List<URL> manifestClassPath(File jar) {
            List<URL> urls = new ArrayList<>();
            try (JarFile jarFile = new JarFile(jar)) {
                Manifest manifest = jarFile.getManifest();
                String classPath = manifest == null ? null
                        : manifest.getMainAttributes().getValue("Class-Path");
                if (classPath != null) {
                    URI base = jar.toURI();
                    for (String item : classPath.trim().split("\\s+")) {
                        urls.add(base.resolve(item).toURL());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the manifest of " + jar, e);
            }
            return urls;
        }

        private static URL toUrl(File file) {
            try {
                return file.toURI().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException("Bad class path entry " + file, e);
            }
        }
    }
}
