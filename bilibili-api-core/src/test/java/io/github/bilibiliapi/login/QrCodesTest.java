package io.github.bilibiliapi.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** QR images of a login URL: a square PNG of the asked size with dark and light modules, and terminal text. */
class QrCodesTest {

    static final String URL = "https://passport.bilibili.com/h5-app/passport/login/scan?navhide=1"
            + "&qrcode_key=8587cf8106a0b863c46d6bab913537f6&from=";

    @Test
    void pngAndTerminalText() throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(QrCodes.png(URL, 256)));
        assertThat(img.getWidth()).isEqualTo(256);
        assertThat(img.getHeight()).isEqualTo(256);
        assertThat(img.getRGB(0, 0) & 0xFFFFFF).as("quiet zone is light").isEqualTo(0xFFFFFF);
        boolean dark = false;
        for (int x = 0; x < 256 && !dark; x++) {
            dark = (img.getRGB(x, 128) & 0xFFFFFF) == 0;
        }
        assertThat(dark).isTrue();
        String text = QrCodes.terminalText(URL);
        String[] lines = text.split("\n");
        assertThat(lines.length).isGreaterThan(25);
        assertThat(lines[0]).hasSize(lines.length * 2).containsOnlyOnce("\u2588".repeat(lines.length * 2));
        assertThatThrownBy(() -> QrCodes.png(URL, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size");
    }
}
