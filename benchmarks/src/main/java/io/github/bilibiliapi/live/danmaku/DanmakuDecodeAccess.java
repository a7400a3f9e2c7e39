package io.github.bilibiliapi.live.danmaku;

import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * The decoding path of a live room connection ({@code FrameDecoder}, package-private in the library), opened for the
 * benchmarks: frames in, the {@link DanmakuEvent}s a {@code LiveDanmaku} listener gets out. Lives in the library's
 * package (on the class path, not a module) so that the benchmarks measure the library's own code, not a copy.
 */
public final class DanmakuDecodeAccess {

    private final FrameDecoder decoder;

    /**
     * A decoder that hands every server message (and error) event to {@code events}.
     *
     * @param events receives the events, on the calling thread
     */
    public DanmakuDecodeAccess(Consumer<DanmakuEvent> events) {
        this.decoder = new FrameDecoder(DanmakuCodec.DEFAULT_MAX_INFLATED_BYTES, new FrameDecoder.Sink() {
            @Override
            public void authReply(JsonNode reply) {
            }

            @Override
            public void popularity(long popularity) {
            }

            @Override
            public void event(DanmakuEvent event) {
                events.accept(event);
            }

            @Override
            public long roomId() {
                return 1;
            }
        });
    }

    /**
     * Decodes one frame as a connection does.
     *
     * @param frame the payload of one binary WebSocket frame
     */
    public void frame(byte[] frame) {
        decoder.frame(frame, () -> true);
    }
}
