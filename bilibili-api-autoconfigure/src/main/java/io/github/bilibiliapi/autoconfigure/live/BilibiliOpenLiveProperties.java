package io.github.bilibiliapi.autoconfigure.live;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code bilibili.open-live.*}: the app's keys for bilibili's live Open Platform. The access key id and secret are
 * masked in {@code /actuator/configprops} and {@code /actuator/env} and never in {@link #toString()}.
 */
@ConfigurationProperties("bilibili.open-live")
public class BilibiliOpenLiveProperties {

    /** The Open Platform project id (项目ID, a 13-digit number). Setting it turns the Open Platform client on. */
    private Long appId;

    /** The app's access key id (access_key_id). */
    private String accessKeyId;

    /** The app's access key secret (access_key_secret); it signs every request. */
    private String accessKeySecret;

    /** How often running games get a heartbeat (the platform ends a game after 60 s without one). */
    private Duration heartbeatInterval = Duration.ofSeconds(20);

    /** @return the project id, or null */
    public Long getAppId() {
        return appId;
    }

    /** @param appId the project id */
    public void setAppId(Long appId) {
        this.appId = appId;
    }

    /** @return the access key id, or null */
    public String getAccessKeyId() {
        return accessKeyId;
    }

    /** @param accessKeyId the access key id */
    public void setAccessKeyId(String accessKeyId) {
        this.accessKeyId = accessKeyId;
    }

    /** @return the access key secret, or null */
    public String getAccessKeySecret() {
        return accessKeySecret;
    }

    /** @param accessKeySecret the access key secret */
    public void setAccessKeySecret(String accessKeySecret) {
        this.accessKeySecret = accessKeySecret;
    }

    /** @return the heartbeat interval */
    public Duration getHeartbeatInterval() {
        return heartbeatInterval;
    }

    /** @param heartbeatInterval the heartbeat interval */
    public void setHeartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    @Override
    public String toString() {
        return "BilibiliOpenLiveProperties[appId=" + appId + ", accessKeyId=" + (accessKeyId == null ? "null" : "******")
                + ", accessKeySecret=" + (accessKeySecret == null ? "null" : "******") + ", heartbeatInterval="
                + heartbeatInterval + "]";
    }
}
