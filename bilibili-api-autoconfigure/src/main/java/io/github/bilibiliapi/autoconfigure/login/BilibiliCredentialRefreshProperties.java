package io.github.bilibiliapi.autoconfigure.login;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code bilibili.credential.refresh.*}: keeping the login alive with automatic cookie refresh. */
@ConfigurationProperties("bilibili.credential.refresh")
public class BilibiliCredentialRefreshProperties {

    /**
     * Whether the cookies are checked and refreshed on a schedule. Default: on when the stored credential has a
     * refresh token (ac_time_value), which a QR login provides.
     */
    private Boolean enabled;

    /** How often cookie/info is asked whether a refresh is due (the site checks once a day). */
    private Duration checkInterval = Duration.ofDays(1);

    /** Delay of the first check after startup. */
    private Duration initialDelay = Duration.ofMinutes(1);

    /**
     * RSA public key (PEM) for the refresh's correspondPath. Default: bilibili's. Set only for a test server with its
     * own key pair.
     */
    private String publicKey;

    /** @return whether enabled; null = when a refresh token is known */
    public Boolean getEnabled() {
        return enabled;
    }

    /** @param enabled whether enabled */
    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the check interval */
    public Duration getCheckInterval() {
        return checkInterval;
    }

    /** @param checkInterval the check interval */
    public void setCheckInterval(Duration checkInterval) {
        this.checkInterval = checkInterval;
    }

    /** @return the first check's delay */
    public Duration getInitialDelay() {
        return initialDelay;
    }

    /** @param initialDelay the first check's delay */
    public void setInitialDelay(Duration initialDelay) {
        this.initialDelay = initialDelay;
    }

    /** @return the PEM public key, or null for bilibili's */
    public String getPublicKey() {
        return publicKey;
    }

    /** @param publicKey the PEM public key */
    public void setPublicKey(String publicKey) {
        this.publicKey = publicKey;
    }
}
