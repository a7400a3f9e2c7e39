package io.github.bilibiliapi.test.bilibili;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fake's strict multipart parser, query decoding and image-size sniffing. */
class ParsersTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void multipartParsesFieldsAndFiles() {
        String body = "preamble\r\n--b1\r\nContent-Disposition: form-data; name=\"biz\"\r\n\r\nnew_dyn\r\n"
                + "--b1\r\nContent-Disposition: form-data; name=\"file_up\"; filename=\"1.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n\r\n--b\r\n--b1--\r\nepilogue";
        List<Multipart.Part> parts = Multipart.parse(bytes(body), "b1");
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).name()).isEqualTo("biz");
        assertThat(parts.get(0).filename()).isNull();
        assertThat(parts.get(0).text()).isEqualTo("new_dyn");
        assertThat(parts.get(1).filename()).isEqualTo("1.png");
        assertThat(parts.get(1).contentType()).isEqualTo("image/png");
        // content that looks like a boundary but is not the delimiter stays content
        assertThat(parts.get(1).text()).isEqualTo("\r\n--b");
    }

    @Test
    void multipartRejectsBareLfAndMissingParts() {
        assertThatThrownBy(() -> Multipart.parse(bytes("--b\nContent-Disposition: form-data; name=\"a\"\n\nx\n--b--"), "b"))
                .hasMessageContaining("CRLF");
        assertThatThrownBy(() -> Multipart.parse(bytes("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx"), "b"))
                .hasMessageContaining("not terminated");
        assertThatThrownBy(() -> Multipart.parse(bytes("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--"), "b"))
                .hasMessageContaining("Content-Disposition");
        assertThat(Multipart.boundary("multipart/form-data; boundary=\"q q\"")).isEqualTo("q q");
        assertThat(Multipart.boundary("application/x-www-form-urlencoded")).isNull();
        assertThat(Multipart.boundary("multipart/form-data")).isNull();
    }

    @Test
    void queryDecodingIsStrict() {
        assertThat(QueryString.parse("a=1&b=%E4%BD%A0+x&&c")).extracting(e -> e.getKey() + "=" + e.getValue())
                .containsExactly("a=1", "b=你 x", "c=");
        assertThatThrownBy(() -> QueryString.decode("%E4%BD")).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> QueryString.decode("%4")).hasMessageContaining("truncated");
    }

    @Test
    void imageSizeFromPngGifJpegHeaders() {
        byte[] gif = {'G', 'I', 'F', '8', '9', 'a', 10, 0, 20, 0};
        assertThat(ImageSize.of(gif)).containsExactly(10, 20);
        byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 4, 0, 0,
            (byte) 0xff, (byte) 0xc0, 0, 17, 8, 0, 71, 0, 73, 3, 0, 0, 0, 0, 0, 0};
        assertThat(ImageSize.of(jpeg)).containsExactly(73, 71);
        assertThat(ImageSize.of(bytes("not an image"))).containsExactly(0, 0);
    }
}
