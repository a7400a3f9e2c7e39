package io.github.bilibiliapi.test.bilibili;

/** Reads width and height from PNG, GIF and JPEG headers; other formats report 0×0. */
final class ImageSize {

    private ImageSize() {
    }

    /** {@code {width, height}}, or {@code {0, 0}} when the format is not recognised. */
    static int[] of(byte[] d) {
        if (d.length >= 24 && (d[0] & 0xff) == 0x89 && d[1] == 'P' && d[2] == 'N' && d[3] == 'G') {
            return new int[] {be32(d, 16), be32(d, 20)};
        }
        if (d.length >= 10 && d[0] == 'G' && d[1] == 'I' && d[2] == 'F') {
            return new int[] {(d[6] & 0xff) | (d[7] & 0xff) << 8, (d[8] & 0xff) | (d[9] & 0xff) << 8};
        }
        if (d.length >= 4 && (d[0] & 0xff) == 0xff && (d[1] & 0xff) == 0xd8) {
            int i = 2;
            while (i + 9 < d.length && (d[i] & 0xff) == 0xff) {
                int marker = d[i + 1] & 0xff;
                int length = (d[i + 2] & 0xff) << 8 | (d[i + 3] & 0xff);
                boolean sof = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
                if (sof) {
                    return new int[] {(d[i + 7] & 0xff) << 8 | (d[i + 8] & 0xff), (d[i + 5] & 0xff) << 8 | (d[i + 6] & 0xff)};
                }
                i += 2 + length;
            }
        }
        return new int[] {0, 0};
    }

    private static int be32(byte[] d, int off) {
        return (d[off] & 0xff) << 24 | (d[off + 1] & 0xff) << 16 | (d[off + 2] & 0xff) << 8 | (d[off + 3] & 0xff);
    }
}
