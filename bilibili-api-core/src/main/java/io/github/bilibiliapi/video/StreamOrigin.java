package io.github.bilibiliapi.video;

import java.util.Objects;

/**
 * Where a stream came from, so an expired URL can be fetched again.
 *
 * @param bvid    the bvid, or {@code null} when asked by aid
 * @param aid     the aid, or 0 when asked by bvid
 * @param cid     the part's cid
 * @param request the play-URL request
 */
public record StreamOrigin(String bvid, long aid, long cid, PlayUrlRequest request) {

    /**
     * Validates.
     *
     * @param bvid    see above
     * @param aid     see above
     * @param cid     see above
     * @param request see above
     */
    public StreamOrigin {
        Objects.requireNonNull(request, "request");
        if ((bvid == null) == (aid <= 0)) {
            throw new IllegalArgumentException("exactly one of bvid and aid must be set");
        }
    }
}
