package io.github.bilibiliapi.video;

/**
 * A subtitle track listed by {@code /x/player/wbi/v2}.
 *
 * @param id       track id (may exceed 2^53)
 * @param lan      language code, e.g. {@code zh-Hans}, {@code ai-zh}
 * @param lanDoc   language name
 * @param url      the JSON file's URL ({@code https:} added to the protocol-relative answer); it expires
 * @param aiType   {@code ai_type}
 * @param aiStatus {@code ai_status}
 * @param locked   {@code is_lock}
 */
public record SubtitleTrack(long id, String lan, String lanDoc, String url, int aiType, int aiStatus,
        boolean locked) {

    /** @return whether bilibili generated it (language {@code ai-*}) */
    public boolean ai() {
        return lan.startsWith("ai-");
    }

    /** Without the signed URL. */
    @Override
    public String toString() {
        return "SubtitleTrack[" + id + ", " + lan + ", " + lanDoc + (ai() ? ", AI" : "") + "]";
    }
}
