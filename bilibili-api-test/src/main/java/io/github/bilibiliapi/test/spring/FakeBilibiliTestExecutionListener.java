package io.github.bilibiliapi.test.spring;

import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Registered in {@code META-INF/spring.factories}: clears the {@link FakeBilibili}'s scripts and counters after each
 * test method, so that a failure scripted by one test never answers the next one in a cached context.
 */
final class FakeBilibiliTestExecutionListener extends AbstractTestExecutionListener {

    @Override
    public int getOrder() {
        return 5_000;
    }

    @Override
    public void afterTestMethod(TestContext testContext) {
        if (testContext.hasApplicationContext()) {
            testContext.getApplicationContext().getBeanProvider(FakeBilibili.class).ifAvailable(FakeBilibili::reset);
        }
    }
}
