package io.github.bilibiliapi.autoconfigure;

/**
 * Thrown at startup when {@code bilibili.request.backend} names a backend whose HTTP library is not on the classpath.
 * The message says which dependency to add.
 */
public class BilibiliBackendUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String backend;

    /**
     * Creates the exception.
     *
     * @param backend the backend that was asked for
     * @param message what is missing and which dependency to add
     */
    public BilibiliBackendUnavailableException(String backend, String message) {
        super(message);
        this.backend = backend;
    }

    /**
     * Returns the backend that was asked for.
     *
     * @return for example {@code okhttp}
     */
    public String getBackend() {
        return backend;
    }

    static BilibiliBackendUnavailableException forBackend(String backend) {
        if (backend.equals("auto")) {
            return new BilibiliBackendUnavailableException(backend, "No bilibili-api backend is available: add "
                    + "com.squareup.okhttp3:okhttp-jvm (or use bilibili-api-spring-boot-starter), or "
                    + "org.springframework:spring-webflux with io.projectreactor.netty:reactor-netty-http, or run on a "
                    + "Java runtime with the java.net.http module.");
        }
        String fix = switch (backend) {
            case "okhttp" -> "OkHttp (okhttp3.OkHttpClient) is not on the classpath: add the dependency "
                    + "com.squareup.okhttp3:okhttp-jvm (5.x), or use bilibili-api-spring-boot-starter, which brings it";
            case "webclient" -> "Spring WebFlux's WebClient or Reactor Netty is not on the classpath: add the "
                    + "dependencies org.springframework:spring-webflux and io.projectreactor.netty:reactor-netty-http "
                    + "(for example through org.springframework.boot:spring-boot-starter-webclient)";
            case "jdk" -> "the java.net.http module is not in this Java runtime: add it (jlink --add-modules "
                    + "java.net.http)";
            default -> "no such backend";
        };
        return new BilibiliBackendUnavailableException(backend, "bilibili.request.backend is '" + backend + "', but "
                + fix + ". Or set bilibili.request.backend=auto to use the first available backend.");
    }
}
