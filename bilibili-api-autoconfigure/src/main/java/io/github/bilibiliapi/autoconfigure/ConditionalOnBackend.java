package io.github.bilibiliapi.autoconfigure;

import io.github.bilibiliapi.autoconfigure.BilibiliProperties.Backend;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/** Matches when {@code bilibili.request.backend} is {@code auto} or the given backend. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@Conditional(OnBackendCondition.class)
@interface ConditionalOnBackend {

    /** @return the backend the annotated configuration provides */
    Backend value();
}
