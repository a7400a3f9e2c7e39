package io.github.bilibiliapi.sample.cluster;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The {@code cluster} profile's demo broker: when no {@code spring.kafka.bootstrap-servers} is configured, starts
 * Spring Kafka's embedded KRaft broker in-process and points Spring Boot's Kafka connection at it. In production set
 * {@code spring.kafka.bootstrap-servers} (and the security settings) and nothing is started here.
 */
public final class DemoKafkaBroker implements EnvironmentPostProcessor, Ordered {

    /** The profile that joins the room-watching cluster. */
    public static final String PROFILE = "cluster";

    private static final String SOURCE = "demoKafkaBroker";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.acceptsProfiles(Profiles.of(PROFILE)) || environment.getPropertySources().contains(SOURCE)
                || environment.containsProperty("spring.kafka.bootstrap-servers")) {
            return;
        }
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        // a demo's single consumer group should not wait for more members before its first assignment
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.afterPropertiesSet();
        environment.getPropertySources().addFirst(new MapPropertySource(SOURCE,
                Map.of("spring.kafka.bootstrap-servers", broker.getBrokersAsString())));
        application.addInitializers((ConfigurableApplicationContext context) -> {
            // destroyed with the singletons, i.e. after the lifecycle stop in which the watcher leaves the group;
            // registered first, so destroyed last
            if (context.getBeanFactory() instanceof DefaultListableBeanFactory beans) {
                beans.registerDisposableBean("demoKafkaBroker", broker::destroy);
            } else {
                Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "demo-kafka-broker-stop"));
            }
        });
    }

    @Override
    public int getOrder() {
        // after ConfigDataEnvironmentPostProcessor, so that profiles and properties from every source count
        return Ordered.LOWEST_PRECEDENCE;
    }
}
