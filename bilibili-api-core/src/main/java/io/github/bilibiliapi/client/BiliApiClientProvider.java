package io.github.bilibiliapi.client;

/**
 * A backend that a {@link BiliApiClients} registry finds with {@link java.util.ServiceLoader} and registers when its
 * HTTP library is on the classpath. The default backend is the available provider with the highest priority.
 *
 * <p>Implementations must not expose the HTTP library's types in their own signatures, so that this interface can be
 * loaded, and {@link #isAvailable} asked, when the library is missing.
 */
public interface BiliApiClientProvider {

    /**
     * Returns the name the backend is registered under.
     *
     * @return for example {@code okhttp}
     */
    String name();

    /**
     * Returns the precedence of this backend when the registry picks a default: higher wins. The built-ins use OkHttp
     * 300, WebClient 200, JDK 100.
     *
     * @return the priority
     */
    int priority();

    /**
     * Tells whether the backend's HTTP library can be loaded.
     *
     * @param classLoader the class loader to look in
     * @return {@code true} if the backend can be used
     */
    boolean isAvailable(ClassLoader classLoader);

    /**
     * Returns the factory of this backend; called only when {@link #isAvailable} said yes.
     *
     * @return the factory
     */
    BiliApiClientFactory factory();

    /**
     * Tells whether every named class loads.
     *
     * @param classLoader the class loader to look in
     * @param classNames  fully-qualified class names
     * @return {@code true} if all of them load
     */
    static boolean classesPresent(ClassLoader classLoader, String... classNames) {
        for (String name : classNames) {
            try {
                Class.forName(name, false, classLoader);
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
        return true;
    }
}
