package io.github.bilibiliapi.video;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.api.HostRedirect;
import org.junit.jupiter.api.Test;

/**
 * The default redirection covers every host a video's answers point to, so tests and offline setups need not list
 * them: the hosts are those of the playurl and player/v2 examples in the endpoint facts.
 */
class VideoHostsTest {

    @Test
    void theDefaultRedirectionCoversTheCdnCommentAndSubtitleHosts() {
        HostRedirect r = HostRedirect.to("http://127.0.0.1:9");
        // playurl: base_url and backup_url mirrors, and an MCDN edge node
        assertThat(r.apply("https://upos-sz-mirrorcos.bilivideo.com/upgcxcode/44/93/146044693/146044693-1-30080.m4s"
                + "?e=ig8euxZM2rNcNbdlhoNvNC8BqJIzNbfqXBvEqxTEto8BTrNvN0GvT90W5JZMkX_YN0MvXg8gNEV4NC8xNEV4N03eN0B5tZlqN"
                + "02eNtbp&deadline=1725003260&os=cosbv"))
                .isEqualTo("http://127.0.0.1:9/upgcxcode/44/93/146044693/146044693-1-30080.m4s"
                        + "?e=ig8euxZM2rNcNbdlhoNvNC8BqJIzNbfqXBvEqxTEto8BTrNvN0GvT90W5JZMkX_YN0MvXg8gNEV4NC8xNEV4N03eN0B5"
                        + "tZlqN02eNtbp&deadline=1725003260&os=cosbv");
        assertThat(r.matches("upos-sz-mirror08c.bilivideo.com")).isTrue();
        assertThat(r.matches("upos-sz-estgoss.bilivideo.com")).isTrue();
        assertThat(r.matches("xy113x200x108x47xy.mcdn.bilivideo.cn")).isTrue();
        // XML danmaku and subtitle files (player/v2 gives scheme-relative subtitle URLs; we fetch them over https)
        assertThat(r.apply("https://comment.bilibili.com/144541892.xml")).isEqualTo("http://127.0.0.1:9/144541892.xml");
        assertThat(r.apply("https://aisubtitle.hdslb.com/bfs/subtitle/c49b18a2.json?auth_key=1-2-0-3"))
                .isEqualTo("http://127.0.0.1:9/bfs/subtitle/c49b18a2.json?auth_key=1-2-0-3");
        // images stay where they are, and so does everything not bilibili's
        assertThat(r.matches("i0.hdslb.com")).isFalse();
        assertThat(r.matches("bilivideo.com.example.org")).isFalse();
        assertThat(r.matches("example.com")).isFalse();
    }
}
