package io.github.bilibiliapi.video;

import java.util.List;

/**
 * The subtitle part of {@code /x/player/wbi/v2}.
 *
 * @param needLogin {@code need_login_subtitle}: some tracks are only listed to a logged-in account
 * @param tracks    the tracks this credential may see
 */
public record SubtitleInfo(boolean needLogin, List<SubtitleTrack> tracks) {

    /**
     * Copies the list.
     *
     * @param needLogin see above
     * @param tracks    see above
     */
    public SubtitleInfo {
        tracks = List.copyOf(tracks);
    }
}
