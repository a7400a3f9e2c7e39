package io.github.bilibiliapi.client.webclient;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiFile;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.ClientSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link WebClientBackendTest} in a fresh JVM whose heap is smaller than the file: uploads it as multipart and
 * prints the server's description of the parts, so a body read whole into memory would fail here.
 */
public final class MultipartProbe {

    private MultipartProbe() {
    }

    /**
     * Uploads the file.
     *
     * @param args the echo URL and the file
     * @throws Exception on failure (the parent test sees a non-zero exit)
     */
    public static void main(String[] args) throws Exception {
        ClientSettings settings = ClientSettings.DEFAULTS.withTrustEnv(false).withTimeout(Duration.ofSeconds(60));
        try (BiliApiClient client = WebClientBiliApiClient.create(settings, null)) {
            BiliApiRequest request = BiliApiRequest.post(args[0]).formField("title", "big")
                    .file("video", new BiliApiFile(Path.of(args[1]), "video/mp4")).build();
            var response = client.request(request).get(120, TimeUnit.SECONDS);
            System.out.println("status=" + response.code() + " maxHeap=" + Runtime.getRuntime().maxMemory());
            System.out.println(response.json().get("parts"));
        }
    }
}
