package io.github.bilibiliapi.video;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the XML danmaku file ({@code comment.bilibili.com/{cid}.xml}): {@code <d p="time,mode,size,color,ctime,
 * pool,midHash,dmid[,weight]">text</d>}. The body may come deflate-compressed (raw or zlib-wrapped) when the HTTP
 * library did not undo the {@code Content-Encoding}.
 */
public final class DanmakuXml {

    /** Largest inflated file accepted. */
    static final int MAX_INFLATED = 64 * 1024 * 1024;

    private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();

    static {
        FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    private DanmakuXml() {
    }

    /**
     * @param body the file, plain or deflated
     * @return the danmaku in file order
     * @throws DanmakuFormatException when it is neither XML nor deflated XML, or a {@code p} attribute is malformed
     */
    public static List<VideoDanmaku> parse(byte[] body) {
        byte[] xml = looksLikeXml(body) ? body : inflate(body);
        List<VideoDanmaku> out = new ArrayList<>();
        try {
            XMLStreamReader r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
            try {
                while (r.hasNext()) {
                    if (r.next() == XMLStreamReader.START_ELEMENT && r.getLocalName().equals("d")) {
                        String p = r.getAttributeValue(null, "p");
                        String text = r.getElementText();
                        out.add(fromP(p, text));
                    }
                }
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw new DanmakuFormatException("danmaku XML is malformed: " + e.getMessage(), e);
        }
        return out;
    }

    static VideoDanmaku fromP(String p, String text) {
        if (p == null) {
            throw new DanmakuFormatException("<d> without a p attribute", null);
        }
        String[] f = p.split(",", -1);
        if (f.length < 8) {
            throw new DanmakuFormatException("<d p=\"" + p + "\"> has " + f.length + " fields, want at least 8", null);
        }
        try {
            int progressMs = (int) Math.round(Double.parseDouble(f[0]) * 1000);
            return new VideoDanmaku(Long.parseLong(f[7]), progressMs, Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                    (int) Long.parseLong(f[3]), f[6], text, Long.parseLong(f[4]),
                    f.length > 8 && !f[8].isEmpty() ? Integer.parseInt(f[8]) : 0, Integer.parseInt(f[5]), 0);
        } catch (NumberFormatException e) {
            throw new DanmakuFormatException("<d p=\"" + p + "\"> has a malformed number", e);
        }
    }

    private static boolean looksLikeXml(byte[] body) {
        for (byte b : body) {
            if (b == '<') {
                return true;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t' && b != (byte) 0xEF && b != (byte) 0xBB
                    && b != (byte) 0xBF) {
                return false;
            }
        }
        return false;
    }

    private static byte[] inflate(byte[] body) {
        try {
            return inflate(body, true);
        } catch (DataFormatException raw) {
            try {
                return inflate(body, false);
            } catch (DataFormatException zlib) {
                throw new DanmakuFormatException("danmaku XML is neither XML nor deflated", zlib);
            }
        }
    }

    private static byte[] inflate(byte[] body, boolean nowrap) throws DataFormatException {
        Inflater inflater = new Inflater(nowrap);
        try {
            inflater.setInput(body);
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length * 4);
            byte[] buf = new byte[64 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("truncated deflate stream");
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_INFLATED) {
                    throw new DanmakuFormatException("inflated danmaku XML exceeds " + MAX_INFLATED + " bytes", null);
                }
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }
}
