package io.github.bilibiliapi.autoconfigure.login;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.Credential;
import io.github.bilibiliapi.autoconfigure.BiliContextBuilderCustomizer;
import io.github.bilibiliapi.autoconfigure.BilibiliAutoConfiguration;
import io.github.bilibiliapi.autoconfigure.BilibiliProperties;
import io.github.bilibiliapi.login.CredentialRefresher;
import io.github.bilibiliapi.login.CredentialStore;
import io.github.bilibiliapi.login.FileCredentialStore;
import io.github.bilibiliapi.login.InMemoryCredentialStore;
import io.github.bilibiliapi.login.LoginService;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Accounts in Spring: a {@link CredentialStore} (a file with {@code bilibili.credential.store.file}, else memory,
 * starting from {@code bilibili.credential.*}) that the auto-configured {@link BiliContext} reads on every call, a
 * {@link LoginService} and a {@link CredentialRefresher} publishing {@link BilibiliAccountEvent}s, the refresh
 * schedule ({@code bilibili.credential.refresh.*}) and the {@code bilibili} health indicator.
 */
@AutoConfiguration(after = BilibiliAutoConfiguration.class)
@ConditionalOnClass({BiliContext.class, CredentialStore.class})
@ConditionalOnBean(BiliContext.class)
@EnableConfigurationProperties({BilibiliCredentialStoreProperties.class, BilibiliCredentialRefreshProperties.class,
        BilibiliProperties.class})
public class BilibiliLoginAutoConfiguration {

    /**
     * @param store      the store properties
     * @param properties the credential of {@code bilibili.credential.*}, the store's starting point
     * @return a file store, or one in memory
     */
    @Bean
    @ConditionalOnMissingBean
    public CredentialStore bilibiliCredentialStore(BilibiliCredentialStoreProperties store,
            BilibiliProperties properties) {
        BilibiliProperties.Credential p = properties.getCredential();
        Credential configured = Credential.builder().sessdata(p.getSessdata()).biliJct(p.getBiliJct())
                .buvid3(p.getBuvid3()).buvid4(p.getBuvid4()).dedeuserid(p.getDedeuserid())
                .acTimeValue(p.getAcTimeValue()).build();
        if (store.getFile() == null) {
            return new InMemoryCredentialStore(configured);
        }
        FileCredentialStore file = FileCredentialStore.open(store.getFile());
        if (file.load().isEmpty() && !configured.equals(Credential.empty())) {
            file.save(configured);
        }
        return file;
    }

    /**
     * Makes the auto-configured context read the store per call (after {@code bilibili.credential.*} was applied).
     *
     * @param store the store
     * @return the customizer
     */
    @Bean
    public BiliContextBuilderCustomizer bilibiliCredentialStoreCustomizer(CredentialStore store) {
        return builder -> builder.credentials(store);
    }

    /**
     * @param context   the context
     * @param store     the store logins are saved to
     * @param publisher publishes {@link BilibiliAccountEvent}s
     * @return the login service
     */
    @Bean
    @ConditionalOnMissingBean
    public LoginService bilibiliLoginService(BiliContext context, CredentialStore store,
            ApplicationEventPublisher publisher) {
        return LoginService.builder(context).store(store)
                .listener(e -> publisher.publishEvent(new BilibiliAccountEvent(store, e))).build();
    }

    /**
     * @param context   the context
     * @param store     the store refreshed
     * @param refresh   the refresh properties (the public key)
     * @param publisher publishes {@link BilibiliAccountEvent}s
     * @return the refresher
     */
    @Bean
    @ConditionalOnMissingBean
    public CredentialRefresher bilibiliCredentialRefresher(BiliContext context, CredentialStore store,
            BilibiliCredentialRefreshProperties refresh, ApplicationEventPublisher publisher) {
        CredentialRefresher.Builder b = CredentialRefresher.builder(context, store)
                .listener(e -> publisher.publishEvent(new BilibiliAccountEvent(store, e)));
        if (refresh.getPublicKey() != null && !refresh.getPublicKey().isBlank()) {
            b.publicKeyPem(refresh.getPublicKey());
        }
        return b.build();
    }

    /**
     * The refresh schedule, unless {@code bilibili.credential.refresh.enabled=false}.
     *
     * @param refresher the refresher
     * @param refresh   the properties
     * @return the scheduler (a lifecycle bean: runs while the context runs)
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "bilibili.credential.refresh.enabled", havingValue = "true", matchIfMissing = true)
    public BilibiliCredentialRefreshScheduler bilibiliCredentialRefreshScheduler(CredentialRefresher refresher,
            BilibiliCredentialRefreshProperties refresh) {
        return new BilibiliCredentialRefreshScheduler(refresher, refresh.getEnabled(), refresh.getInitialDelay(),
                refresh.getCheckInterval());
    }

    /** The {@code bilibili} health indicator, where Boot's health module is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Health {

        /**
         * @param context the context
         * @return the indicator (bean name {@code bilibiliHealthIndicator}: health key {@code bilibili})
         */
        @Bean
        @ConditionalOnMissingBean(name = "bilibiliHealthIndicator")
        BilibiliHealthIndicator bilibiliHealthIndicator(BiliContext context) {
            return new BilibiliHealthIndicator(context, Duration.ofSeconds(10));
        }
    }
}
