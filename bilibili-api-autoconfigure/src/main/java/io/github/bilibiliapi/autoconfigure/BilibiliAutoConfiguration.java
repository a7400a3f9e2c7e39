package io.github.bilibiliapi.autoconfigure;

import io.github.bilibiliapi.Bilibili;
import io.github.bilibiliapi.api.ApiObserver;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.BiliEventListener;
import io.github.bilibiliapi.api.Credential;
import io.github.bilibiliapi.api.HostRedirect;
import io.github.bilibiliapi.api.RequestSettings;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.dynamic.DynamicService;
import io.github.bilibiliapi.user.UserService;
import io.github.bilibiliapi.video.VideoService;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the bilibili client: a {@link BiliApiClient} on the first available backend (see
 * {@link BilibiliClientConfigurations}), the {@link BiliContext} built from {@link BilibiliProperties}, every
 * {@link BiliEventListener} and {@link ApiObserver} bean, and the endpoint services, each of which the application can
 * replace with its own bean.
 */
@AutoConfiguration(afterName = "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration")
@ConditionalOnClass(BiliApiClient.class)
@EnableConfigurationProperties(BilibiliProperties.class)
@Import({BilibiliClientConfigurations.OkHttp.class, BilibiliClientConfigurations.WebClientBackend.class,
        BilibiliClientConfigurations.Jdk.class, BilibiliClientConfigurations.Unavailable.class,
        BilibiliSanitizingConfiguration.class, BilibiliActuatorConfiguration.class})
public class BilibiliAutoConfiguration {

    /**
     * The Api layer's context. It does not own the client (the client bean is closed by the container).
     *
     * @param client     the client
     * @param properties the properties
     * @param listeners  event listener beans
     * @param observers  observer beans (the metrics one when metrics are on)
     * @param customizers builder customizers
     * @return the context
     */
    @Bean
    @ConditionalOnMissingBean
    public BiliContext biliContext(BiliApiClient client, BilibiliProperties properties,
            ObjectProvider<BiliEventListener> listeners, ObjectProvider<ApiObserver> observers,
            ObjectProvider<BiliContextBuilderCustomizer> customizers) {
        BiliContext.Builder builder = BiliContext.builder().client(client)
                .settings(requestSettings(properties.getRequest()))
                .credential(credential(properties.getCredential()))
                .observer(CompositeApiObserver.of(observers.orderedStream().toList()));
        if (properties.getRequest().getMinInterval() != null) {
            builder.pacing(io.github.bilibiliapi.api.RequestPacing.minInterval(
                    properties.getRequest().getMinInterval()));
        }
        listeners.orderedStream().forEach(builder::listener);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /**
     * What was chosen for the client, logged once at startup as one INFO line (and shown by Actuator when present).
     *
     * @param client     the client
     * @param properties the properties
     * @return the report
     */
    @Bean
    @ConditionalOnMissingBean
    public BilibiliClientReport bilibiliClientReport(BiliApiClient client, BilibiliProperties properties) {
        BilibiliClientReport report = BilibiliClientReport.of(client, properties);
        LoggerFactory.getLogger(BilibiliAutoConfiguration.class).info("bilibili-api: {}", report);
        return report;
    }

    /**
     * @param context the context
     * @return the user endpoints
     */
    @Bean
    @ConditionalOnMissingBean
    public UserService bilibiliUserService(BiliContext context) {
        return new UserService(context);
    }

    /**
     * @param context the context
     * @return the video endpoints
     */
    @Bean
    @ConditionalOnMissingBean
    public VideoService bilibiliVideoService(BiliContext context) {
        return new VideoService(context);
    }

    /**
     * @param context the context
     * @return the dynamic endpoints
     */
    @Bean
    @ConditionalOnMissingBean
    public DynamicService bilibiliDynamicService(BiliContext context) {
        return new DynamicService(context);
    }

    /**
     * @param context the context
     * @return the comment endpoints
     */
    @Bean
    @ConditionalOnMissingBean
    public io.github.bilibiliapi.comment.CommentService bilibiliCommentService(BiliContext context) {
        return new io.github.bilibiliapi.comment.CommentService(context);
    }

    /**
     * @param context the context
     * @return the search endpoints
     */
    @Bean
    @ConditionalOnMissingBean
    public io.github.bilibiliapi.search.SearchService bilibiliSearchService(BiliContext context) {
        return new io.github.bilibiliapi.search.SearchService(context);
    }

    /**
     * @param context the context
     * @return the user-space endpoints
     */
    @Bean
    @ConditionalOnMissingBean
    public io.github.bilibiliapi.space.SpaceService bilibiliSpaceService(BiliContext context) {
        return new io.github.bilibiliapi.space.SpaceService(context);
    }

    /**
     * @param context the context
     * @return the favourites endpoints
     */
    @Bean
    @ConditionalOnMissingBean
    public io.github.bilibiliapi.favorite.FavoriteService bilibiliFavoriteService(BiliContext context) {
        return new io.github.bilibiliapi.favorite.FavoriteService(context);
    }

    /**
     * The one entry point: the service beans above (or the application's replacements) by area, and their Reactor
     * face. Services missing from the context are created from the {@link BiliContext}.
     *
     * @param context     the context
     * @param beanFactory where the service beans are looked up
     * @return the facade
     */
    @Bean
    @ConditionalOnMissingBean
    public Bilibili bilibili(BiliContext context, ListableBeanFactory beanFactory) {
        return Bilibili.of(context, type -> beanFactory.getBeanProvider(type).getIfUnique());
    }

    static RequestSettings requestSettings(BilibiliProperties.Request request) {
        RequestSettings.Builder b = RequestSettings.builder();
        if (request.getWbiRetryTimes() != null) {
            b.wbiRetryTimes(request.getWbiRetryTimes());
        }
        if (request.getEnableAutoBuvid() != null) {
            b.enableAutoBuvid(request.getEnableAutoBuvid());
        }
        if (request.getEnableBiliTicket() != null) {
            b.enableBiliTicket(request.getEnableBiliTicket());
        }
        if (request.getWbiKeyTtl() != null) {
            b.wbiKeyTtl(request.getWbiKeyTtl());
        }
        if (request.getUserAgent() != null) {
            b.userAgent(request.getUserAgent());
        }
        BilibiliProperties.HostRedirect redirect = request.getHostRedirect();
        if (redirect.getBaseUrl() != null && !redirect.getBaseUrl().isBlank()) {
            b.hostRedirect(redirect.getHosts().isEmpty() ? HostRedirect.to(redirect.getBaseUrl().strip())
                    : HostRedirect.to(redirect.getBaseUrl().strip(), redirect.getHosts()));
        }
        return b.build();
    }

    static Credential credential(BilibiliProperties.Credential c) {
        return Credential.builder().sessdata(c.getSessdata()).biliJct(c.getBiliJct()).buvid3(c.getBuvid3())
                .buvid4(c.getBuvid4()).dedeuserid(c.getDedeuserid()).acTimeValue(c.getAcTimeValue()).build();
    }
}
