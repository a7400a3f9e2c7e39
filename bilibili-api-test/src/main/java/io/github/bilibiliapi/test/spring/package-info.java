/**
 * Spring test support: {@link io.github.bilibiliapi.test.spring.AutoConfigureFakeBilibili} runs an application's tests
 * against the fake bilibili, and {@link io.github.bilibiliapi.test.spring.FakeBilibili} scripts it. Needs
 * {@code spring-test} and {@code spring-boot-autoconfigure} on the test classpath (any Spring Boot test has them).
 */
package io.github.bilibiliapi.test.spring;
