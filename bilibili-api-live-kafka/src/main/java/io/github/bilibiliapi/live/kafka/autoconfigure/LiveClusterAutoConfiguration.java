package io.github.bilibiliapi.live.kafka.autoconfigure;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.live.danmaku.LiveDanmaku;
import io.github.bilibiliapi.live.kafka.LiveClusterKafka;
import io.github.bilibiliapi.live.kafka.LiveClusterSettings;
import io.github.bilibiliapi.live.kafka.LiveDanmakuSource;
import io.github.bilibiliapi.live.kafka.LiveRoomWatcher;
import io.github.bilibiliapi.live.kafka.RoomDirectory;
import io.github.bilibiliapi.live.kafka.RoomEventSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Joins this application to a room-watching cluster when {@code bilibili.live.cluster.enabled=true}: a
 * {@link LiveRoomWatcher} consuming the rooms topic in the cluster's group, a {@link RoomDirectory} to add and remove
 * rooms, and (unless {@code create-topics=false}) the two topics for Spring Boot's {@code KafkaAdmin} to create. The
 * Kafka connection is Spring Boot's ({@code spring.kafka.*}): the watcher uses Boot's consumer and producer factories
 * with the settings it needs laid over them.
 */
// by name: our autoconfigure module is optional on the class path
@AutoConfiguration(afterName = {"org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "io.github.bilibiliapi.autoconfigure.BilibiliAutoConfiguration"})
@ConditionalOnClass({KafkaTemplate.class, LiveDanmaku.class, KafkaAutoConfiguration.class})
@ConditionalOnProperty(prefix = "bilibili.live.cluster", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(LiveClusterProperties.class)
public final class LiveClusterAutoConfiguration {

    /** Name of the String/String template the cluster publishes with (not a default candidate for injection). */
    public static final String TEMPLATE_BEAN = "liveClusterKafkaTemplate";

    /**
     * The cluster's settings from {@code bilibili.live.cluster.*}.
     *
     * @param properties the properties
     * @return the settings
     */
    @Bean
    @ConditionalOnMissingBean
    public LiveClusterSettings liveClusterSettings(LiveClusterProperties properties) {
        return properties.toSettings();
    }

    /**
     * The template for events and room records: Boot's producer factory with String serialisation, {@code acks=all}
     * and idempotence. Not a default candidate, so the application's own {@code KafkaTemplate} stays unambiguous.
     *
     * @param producerFactory Boot's producer factory
     * @return the template
     */
    @Bean(name = TEMPLATE_BEAN, defaultCandidate = false)
    @ConditionalOnMissingBean(name = TEMPLATE_BEAN)
    public KafkaTemplate<String, String> liveClusterKafkaTemplate(ProducerFactory<?, ?> producerFactory) {
        return LiveClusterKafka.eventTemplate(producerFactory);
    }

    /**
     * Adds and removes rooms.
     *
     * @param template the cluster's template
     * @param settings the settings
     * @return the directory
     */
    @Bean
    @ConditionalOnMissingBean
    public RoomDirectory liveClusterRoomDirectory(@Qualifier(TEMPLATE_BEAN) KafkaTemplate<String, String> template,
            LiveClusterSettings settings) {
        return new RoomDirectory(template, settings.roomsTopic());
    }

    /**
     * The rooms' connections: {@code LiveDanmaku} over the application's {@link BiliContext} on a few shared threads.
     *
     * @param context    the context (backend, credential, host redirection from {@code bilibili.*})
     * @param properties the properties
     * @return the source
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(RoomEventSource.class)
    @ConditionalOnBean(BiliContext.class)
    public LiveDanmakuSource liveClusterRoomEventSource(BiliContext context, LiveClusterProperties properties) {
        return new LiveDanmakuSource(context, properties.getThreads(), b -> b);
    }

    /**
     * This instance of the cluster; starts with the context and leaves the group when it stops.
     *
     * @param settings        the settings
     * @param consumerFactory Boot's consumer factory
     * @param template        the cluster's template
     * @param source          opens the rooms
     * @param registry        the meter registry, if any
     * @return the watcher
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(RoomEventSource.class)
    @SuppressWarnings("unchecked")
    public LiveRoomWatcher liveRoomWatcher(LiveClusterSettings settings, ConsumerFactory<?, ?> consumerFactory,
            @Qualifier(TEMPLATE_BEAN) KafkaTemplate<String, String> template, RoomEventSource source,
            ObjectProvider<MeterRegistry> registry) {
        // Boot's factory carries the connection; the watcher sets the deserializers and group it needs per consumer
        return new LiveRoomWatcher(settings, (ConsumerFactory<String, String>) consumerFactory, template, source,
                registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** The topics, created by Boot's {@code KafkaAdmin} at startup when missing. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "bilibili.live.cluster", name = "create-topics", havingValue = "true",
            matchIfMissing = true)
    static final class Topics {

        @Bean
        NewTopic liveClusterRoomsTopic(LiveClusterSettings settings, LiveClusterProperties properties) {
            TopicBuilder b = TopicBuilder.name(settings.roomsTopic()).partitions(properties.getPartitions()).compact();
            if (properties.getReplicas() != null) {
                b.replicas(properties.getReplicas());
            }
            return b.build();
        }

        @Bean
        NewTopic liveClusterEventsTopic(LiveClusterSettings settings, LiveClusterProperties properties) {
            TopicBuilder b = TopicBuilder.name(settings.eventsTopic()).partitions(properties.getPartitions());
            if (properties.getReplicas() != null) {
                b.replicas(properties.getReplicas());
            }
            return b.build();
        }
    }
}
