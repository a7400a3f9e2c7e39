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
        String configured = configured(context);
        ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnBackend.class,
                backend.name().toLowerCase(Locale.ROOT));
        if (configured.equals("auto") || configured.equals(name(backend))) {
            return ConditionOutcome.match(message.because(PROPERTY + " is " + configured));
        }
        return ConditionOutcome.noMatch(message.because(PROPERTY + " is " + configured));
    }

    static String configured(ConditionContext context) {
        // normalized like the properties class does it ("OkHttp", "okhttp"...)
        return normalize(Binder.get(context.getEnvironment()).bind(PROPERTY, String.class).orElse("auto"));
    }

    static String normalize(String backend) {
        if (backend == null || backend.isBlank()) {
            return "auto";
        }
        return backend.strip().toLowerCase(Locale.ROOT);
    }

    static boolean builtIn(String backend) {
        for (Backend b : Backend.values()) {
            if (name(b).equals(backend)) {
                return true;
            }
        }
        return false;
    }

    static String name(Backend backend) {
        return backend.name().toLowerCase(Locale.ROOT);
    }
}
