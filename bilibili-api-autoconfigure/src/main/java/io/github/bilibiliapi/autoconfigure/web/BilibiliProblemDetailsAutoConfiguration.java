package io.github.bilibiliapi.autoconfigure.web;

import io.github.bilibiliapi.autoconfigure.BilibiliAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ProblemDetail;

/**
 * Opt-in ({@code bilibili.web.problem-details.enabled=true}): the library's exceptions answered as RFC 9457 problem
 * details by a {@link BilibiliProblemDetailsAdvice}, in Spring MVC and WebFlux applications.
 */
@AutoConfiguration(after = BilibiliAutoConfiguration.class)
@ConditionalOnWebApplication
@ConditionalOnClass(ProblemDetail.class)
@ConditionalOnProperty(name = "bilibili.web.problem-details.enabled", havingValue = "true")
public class BilibiliProblemDetailsAutoConfiguration {

    /** Creates the auto-configuration. */
    public BilibiliProblemDetailsAutoConfiguration() {
    }

    /**
     * @return the advice
     */
    @Bean
    @ConditionalOnMissingBean
    public BilibiliProblemDetailsAdvice bilibiliProblemDetailsAdvice() {
        return new BilibiliProblemDetailsAdvice();
    }
}
