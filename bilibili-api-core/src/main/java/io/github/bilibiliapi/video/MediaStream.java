package io.github.bilibiliapi.video;

import java.util.ArrayList;
import java.util.List;

/** A downloadable file of a play-URL answer: a DASH track or an MP4/FLV segment. */
public sealed interface MediaStream permits DashStream, DurlSegment {

    /** @return the primary URL */
    String baseUrl();

    /** @return mirrors to try when {@link #baseUrl()} fails, in order */
    List<String> backupUrls();

    /** @return where the stream came from (to refresh expired URLs), or {@code null} when unknown */
    StreamOrigin origin();

    /** @return a key naming this stream within a play-URL answer, stable across refreshes */
    String key();

    /** @return the base URL followed by the backups */
    default List<String> urls() {
        List<String> all = new ArrayList<>(1 + backupUrls().size());
        all.add(baseUrl());
        all.addAll(backupUrls());
        return all;
    }
}
