package io.github.bilibiliapi.video;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.HostRedirect;
import io.github.bilibiliapi.api.RequestSettings;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiClients;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A separate JVM that starts a download and stops in the middle: after {@code stopAfter} chunks it prints
 * {@code STOPPED} and waits forever, so the test can kill it (SIGKILL) with a partial file on disk.
 * Arguments: fake base URL, target path, chunks before stopping.
 */
public final class DownloadChild {

    private DownloadChild() {
    }

    public static void main(String[] args) throws Exception {
        BiliApiClient client = BiliApiClients.create().get();
        BiliContext ctx = BiliContext.builder().client(client).settings(RequestSettings.builder()
                .hostRedirect(HostRedirect.to(args[0])).build()).build();
        PlayUrl p = new VideoService(ctx).getPlayUrl(VideoFakeTest.BVID, VideoFakeTest.CID, PlayUrlRequest.dash())
                .join();
        long stopAt = Long.parseLong(args[2]) * VideoFakeTest.CHUNK;
        CountDownLatch never = new CountDownLatch(1);
        VideoDownloader.builder(ctx).chunkSize(VideoFakeTest.CHUNK).parallelism(1).build()
                .download(StreamSelector.defaults().select(p).video(), Path.of(args[1]), progress -> {
                    if (progress.bytesDone() >= stopAt) {
                        System.out.println("STOPPED " + progress.bytesDone());
                        System.out.flush();
                        try {
                            never.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).join();
        System.out.println("FINISHED");
    }
}
