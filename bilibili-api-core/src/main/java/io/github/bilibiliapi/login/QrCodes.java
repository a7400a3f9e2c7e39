package io.github.bilibiliapi.login;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * Renders a {@link QrLogin#url()} as a QR code: PNG bytes for a web page, or text for a terminal. Needs ZXing
 * ({@code com.google.zxing:core}) on the classpath, an optional dependency of this library: an application that only
 * hands the URL to its own renderer does not need it.
 */
public final class QrCodes {

    private QrCodes() {
    }

    /**
     * @param text the text to encode (the QR login URL)
     * @param size the image's width and height in pixels (64–2048)
     * @return a PNG, black on white, with the standard quiet zone
     * @throws IllegalStateException when ZXing is not on the classpath
     */
    public static byte[] png(String text, int size) {
        Objects.requireNonNull(text, "text");
        if (size < 64 || size > 2048) {
            throw new IllegalArgumentException("size must be 64..2048 pixels, got " + size);
        }
        BitMatrix m = matrix(text, size);
        BufferedImage img = new BufferedImage(m.getWidth(), m.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                img.setRGB(x, y, m.get(x, y) ? 0xFF000000 : 0xFFFFFFFF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * @param text the text to encode (the QR login URL)
     * @return the code as lines of full blocks and spaces, two characters per module (dark modules are spaces, for a
     *         dark-on-light reading on a dark terminal the blocks are the light ones), with a quiet zone
     * @throws IllegalStateException when ZXing is not on the classpath
     */
    public static String terminalText(String text) {
        Objects.requireNonNull(text, "text");
        BitMatrix m = matrix(text, 0);
        StringBuilder sb = new StringBuilder();
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                sb.append(m.get(x, y) ? "  " : "\u2588\u2588");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static BitMatrix matrix(String text, int size) {
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, size, size,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
        } catch (WriterException e) {
            throw new IllegalArgumentException("text cannot be encoded as a QR code: " + e.getMessage(), e);
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("QR images need ZXing: add com.google.zxing:core to the classpath", e);
        }
    }
}
