package io.github.bilibiliapi.autoconfigure;

import io.github.bilibiliapi.autoconfigure.BilibiliProperties.Backend;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code bilibili.request.backend} is {@code auto} (or unset) or names the backend of the annotated
 * configuration ({@link ConditionalOnBackend}).
 */
final class OnBackendCondition extends SpringBootCondition {

    static final String PROPERTY = "bilibili.request.backend";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnBackend.class.getName());
        Backend backend = (Backend) attributes.get("value");
        Backend configured = configured(context);
        ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnBackend.class,
                backend.name().toLowerCase(Locale.ROOT));
        if (configured == Backend.AUTO || configured == backend) {
            return ConditionOutcome.match(message.because(PROPERTY + " is " + name(configured)));
        }
        return ConditionOutcome.noMatch(message.because(PROPERTY + " is " + name(configured)));
    }

    static Backend configured(ConditionContext context) {
        // bound like the properties class binds it (relaxed: "OkHttp", "okhttp"...); a bad value fails here, clearly
        return Binder.get(context.getEnvironment()).bind(PROPERTY, Backend.class).orElse(Backend.AUTO);
    }

    static String name(Backend backend) {
        return backend.name().toLowerCase(Locale.ROOT);
    }
}
