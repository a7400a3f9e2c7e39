package io.github.bilibiliapi.test.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Tests a Spring Boot application offline: starts the fake bilibili (a real server on loopback) for the test's
 * application context, points {@code bilibili.request.host-redirect.base-url} at it, and adds a {@link FakeBilibili}
 * bean to script answers, failures and live messages. Works with {@code @SpringBootTest} and with slices such as
 * {@code @WebMvcTest} / {@code @WebFluxTest}, which then also get the bilibili auto-configuration (the classes listed
 * in {@code META-INF/spring/io.github.bilibiliapi.test.spring.AutoConfigureFakeBilibili.imports}, shipped by
 * {@code bilibili-api-autoconfigure}).
 *
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigureFakeBilibili
 * class MyServiceTest {
 *     @Autowired MyService service;
 *     @Autowired FakeBilibili bilibili;
 *     ...
 * }
 * }</pre>
 *
 * <p>The fake is started once per application context (Spring caches contexts between test classes with the same
 * configuration) and stopped when the context closes. Scripts and counters are cleared after every test method.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureFakeBilibili {

    /**
     * Whether the application is logged in to the fake's test account: sets {@code bilibili.credential.sessdata},
     * {@code bili-jct} and {@code dedeuserid} to the account the fake knows ({@link FakeBilibili#account()}).
     *
     * @return {@code true} to log in; default {@code false} (the application's own credential properties, if any,
     *         are left as they are, and the fake rejects them)
     */
    boolean loggedIn() default false;
}
