package io.github.bilibiliapi.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * ASS export of real danmaku (the XML sample and the protobuf example of the endpoint facts), checked by reading the
 * events back: positions are recomputed from the {@code \move}/{@code \pos} tags, not from the exporter's lanes.
 */
class DanmakuAssTest {

    /** The protobuf example's elems[0] (av810872, cid 1176840, segment 1): small, colour 10092288, trailing space. */
    static final VideoDanmaku PROTO_EXAMPLE = new VideoDanmaku(711923911L, 47880, 1, 18, 10092288, "59417e95",
            "世界第一电击公主殿下,遇到你是我一生最美好的风景!吾炮赛高,永生不离!唯我超电磁炮永世长存! ", 1418799826L, 6, 0, 1);

    static List<VideoDanmaku> fixture() throws IOException {
        try (InputStream in = DanmakuAssTest.class.getResourceAsStream("/video/dm_cid144541892.xml")) {
            return DanmakuXml.parse(in.readAllBytes());
        }
    }

    static VideoDanmaku at(VideoDanmaku d, int progressMs, int mode, int fontSize, int color, String content) {
        return new VideoDanmaku(d.id(), progressMs, mode, fontSize, color, d.midHash(), content, d.ctime(),
                d.weight(), d.pool(), d.attr());
    }

    // ------------------------------------------------------------------------------------------------ reading back

    static final Pattern DIALOGUE = Pattern.compile(
            "Dialogue: 0,(\\d+):(\\d\\d):(\\d\\d)\\.(\\d\\d),(\\d+):(\\d\\d):(\\d\\d)\\.(\\d\\d),Danmaku,,0,0,0,,"
                    + "\\{([^}]*)}(.*)");
    static final Pattern MOVE = Pattern.compile("\\\\move\\((-?\\d+),(-?\\d+),(-?\\d+),(-?\\d+)\\)");
    static final Pattern POS = Pattern.compile("\\\\an([28])\\\\pos\\((\\d+),(\\d+)\\)");
    static final Pattern FS = Pattern.compile("\\\\fs(\\d+)");
    static final Pattern STYLE_SIZE = Pattern.compile("Style: Danmaku,[^,]+,(\\d+),");

    /** An event as a player would place it. */
    record Event(double start, double end, String kind, double x1, double x2, int top, int height, String text) {

        double left(double t) {
            return x1 + (x2 - x1) * (t - start) / (end - start);
        }

        /** Box width: what the move travels beyond the screen on the far side. */
        double width(int screenWidth) {
            return kind.equals("scroll") ? -x2 : -x1;
        }

        boolean sharesRowsWith(Event o) {
            return top < o.top + o.height && o.top < top + height;
        }
    }

    static double seconds(Matcher m, int group) {
        return Integer.parseInt(m.group(group)) * 3600 + Integer.parseInt(m.group(group + 1)) * 60
                + Integer.parseInt(m.group(group + 2)) + Integer.parseInt(m.group(group + 3)) / 100.0;
    }

    static List<Event> events(String ass) {
        Matcher style = STYLE_SIZE.matcher(ass);
        assertThat(style.find()).isTrue();
        int standard = Integer.parseInt(style.group(1));
        List<Event> out = new ArrayList<>();
        for (String line : ass.split("\n")) {
            if (!line.startsWith("Dialogue:")) {
                continue;
            }
            Matcher m = DIALOGUE.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            String tags = m.group(9);
            String text = m.group(10);
            Matcher fs = FS.matcher(tags);
            int size = fs.find() ? Integer.parseInt(fs.group(1)) : standard;
            int height = size * text.split("\\\\N", -1).length;
            Matcher move = MOVE.matcher(tags);
            Matcher pos = POS.matcher(tags);
            if (move.find()) {
                double x1 = Double.parseDouble(move.group(1));
                assertThat(move.group(2)).isEqualTo(move.group(4));
                out.add(new Event(seconds(m, 1), seconds(m, 5), x1 < 0 ? "reverse" : "scroll", x1,
                        Double.parseDouble(move.group(3)), Integer.parseInt(move.group(2)), height, text));
            } else {
                assertThat(pos.find()).as(line).isTrue();
                boolean top = pos.group(1).equals("8");
                int y = Integer.parseInt(pos.group(3));
                out.add(new Event(seconds(m, 1), seconds(m, 5), top ? "top" : "bottom", 0, 0,
                        top ? y : y - height, height, text));
            }
        }
        return out;
    }

    /** No two events of the same kind ever cover the same pixels. */
    static void assertNoOverlap(List<Event> events, int screenWidth) {
        for (int i = 0; i < events.size(); i++) {
            for (int j = i + 1; j < events.size(); j++) {
                Event a = events.get(i);
                Event b = events.get(j);
                if (!a.kind.equals(b.kind) || !a.sharesRowsWith(b)) {
                    continue;
                }
                if (b.start < a.start) {
                    Event t = a;
                    a = b;
                    b = t;
                }
                if (b.start >= a.end) {
                    continue;
                }
                if (a.kind.equals("top") || a.kind.equals("bottom")) {
                    throw new AssertionError("static danmaku overlap: " + a + " / " + b);
                }
                // the distance between them is linear in time: check where both are on screen
                for (double t : new double[] {b.start, a.end}) {
                    double gap = a.kind.equals("scroll")
                            ? b.left(t) - (a.left(t) + a.width(screenWidth))
                            : a.left(t) - (b.left(t) + b.width(screenWidth));
                    assertThat(gap).as("%s / %s at %s", a, b, t).isGreaterThanOrEqualTo(0);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void theXmlSampleAt1080p() throws IOException {
        List<VideoDanmaku> danmaku = new ArrayList<>(fixture());
        assertThat(danmaku).hasSize(15);
        danmaku.add(PROTO_EXAMPLE);
        DanmakuAss exporter = DanmakuAss.builder(1920, 1080).title("av810872\nsample").build();
        StringBuilder sb = new StringBuilder();
        DanmakuAss.Summary summary = exporter.write(danmaku, sb);
        String ass = sb.toString();

        assertThat(summary).isEqualTo(new DanmakuAss.Summary(16, 0, 0, 0));
        assertThat(ass).startsWith("[Script Info]\n")
                .contains("Title: av810872 sample\n", "ScriptType: v4.00+\n", "PlayResX: 1920\n",
                        "PlayResY: 1080\n",
                        "Style: Danmaku,sans-serif,50,&H33FFFFFF,&H33FFFFFF,&H33000000,&H33000000,"
                                + "0,0,0,0,100,100,0,0,1,2,0,7,0,0,0,1\n",
                        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n");
        List<String> dialogue = ass.lines().filter(l -> l.startsWith("Dialogue:")).toList();
        assertThat(dialogue).hasSize(16);
        // in time order; sparse danmaku all take the top lane; 4 CJK characters at 50 px are 200 px wide
        assertThat(dialogue.get(0)).isEqualTo(
                "Dialogue: 0,0:00:06.72,0:00:14.72,Danmaku,,0,0,0,,{\\move(1920,0,-200,0)}镇站之宝");
        assertThat(dialogue.get(1)).isEqualTo(
                "Dialogue: 0,0:00:18.77,0:00:26.77,Danmaku,,0,0,0,,{\\move(1920,0,-450,0)}咦三体居然还有动画");
        // the protobuf example: size 18 is 36 px, 0x99FF00 in ASS's BGR order, its trailing space kept
        assertThat(ass).contains("Dialogue: 0,0:00:47.88,0:00:55.88,Danmaku,,0,0,0,,{\\move(1920,0,-1606,0)"
                + "\\fs36\\c&H00FF99&}世界第一电击公主殿下,遇到你是我一生最美好的风景!吾炮赛高,永生不离!唯我超电磁炮永世长存! \n");
        // "ocean": five Latin letters at 0.6 em
        assertThat(ass).contains("{\\move(1920,0,-150,0)}ocean\n");
        assertThat(dialogue.get(15)).startsWith("Dialogue: 0,0:10:18.05,0:10:26.05,");
        assertNoOverlap(events(ass), 1920);
    }

    @Test
    void theResolutionScalesPositionsAndSizes() throws IOException {
        String ass = DanmakuAss.of(1280, 720).toAss(fixture());
        assertThat(ass).contains("PlayResX: 1280\n", "PlayResY: 720\n", "Style: Danmaku,sans-serif,33,")
                .contains("{\\move(1280,0,-132,0)}镇站之宝\n");
        String custom = DanmakuAss.builder(640, 360).fontName("Noto Sans CJK SC").fontScale(1).opacity(1)
                .scrollSeconds(10).build().toAss(fixture());
        assertThat(custom).contains("Style: Danmaku,Noto Sans CJK SC,25,&H00FFFFFF,",
                "Dialogue: 0,0:00:06.72,0:00:16.72,Danmaku,,0,0,0,,{\\move(640,0,-100,0)}镇站之宝\n");
    }

    /** The fixture's danmaku, 300 of them within 6 seconds in three sizes: far more than one lane holds. */
    static List<VideoDanmaku> crowd() throws IOException {
        List<VideoDanmaku> base = fixture();
        List<VideoDanmaku> out = new ArrayList<>();
        int[] sizes = {25, 18, 36};
        for (int i = 0; i < 300; i++) {
            VideoDanmaku d = base.get(i % base.size());
            // reverse time order on input: the exporter sorts
            out.add(at(d, 60_000 + (299 - i) * 20, 1, sizes[i % 3], d.color(), d.content()));
        }
        return out;
    }

    @Test
    void crowdedScrollingDanmakuTakeLanesWithoutOverlapping() throws IOException {
        List<VideoDanmaku> crowd = crowd();
        StringBuilder sb = new StringBuilder();
        DanmakuAss.Summary summary = DanmakuAss.builder(1280, 720).dropWhenFull(true).build().write(crowd, sb);
        List<Event> events = events(sb.toString());
        assertThat(summary.written()).isEqualTo(events.size());
        assertThat(summary.dropped()).isPositive();
        assertThat(summary.written() + summary.dropped()).isEqualTo(300);
        assertThat(events.stream().mapToInt(Event::top).distinct().count()).isGreaterThan(15);
        assertThat(events).allSatisfy(e -> assertThat(e.top + e.height).isLessThanOrEqualTo(720));
        assertNoOverlap(events, 1280);

        // keeping every danmaku: the ones without a free lane share the lane that frees first
        DanmakuAss.Summary all = DanmakuAss.of(1280, 720).write(crowd, new StringBuilder());
        assertThat(all.written()).isEqualTo(300);
        assertThat(all.overlapped()).isPositive();
        assertThat(all.dropped()).isZero();

        // half the screen for scrolling danmaku: nothing below 360 px
        StringBuilder half = new StringBuilder();
        DanmakuAss.builder(1280, 720).scrollArea(0.5).dropWhenFull(true).build().write(crowd, half);
        List<Event> upper = events(half.toString());
        assertThat(upper).allSatisfy(e -> assertThat(e.top + e.height).isLessThanOrEqualTo(360));
        assertThat(upper.size()).isLessThan(events.size());
        assertNoOverlap(upper, 1280);
    }

    @Test
    void topBottomAndReverseDanmakuStackAndFreeTheirLanes() throws IOException {
        VideoDanmaku d = fixture().get(0);
        List<VideoDanmaku> list = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            list.add(at(d, 1000, 5, 25, 0xFFFFFF, "top " + i));
            list.add(at(d, 1000, 4, 25, 0xFFFFFF, "bottom " + i));
            list.add(at(d, 1000, 6, 25, 0xFFFFFF, "reverse " + i));
        }
        list.add(at(d, 6000, 5, 25, 0xFFFFFF, "top again")); // the first top danmaku has gone
        list.add(at(d, 5999, 4, 25, 0xFFFFFF, "bottom still")); // the first bottom one is still there
        list.add(at(d, 1000, 7, 25, 0xFFFFFF, "[0,0,\"1-1\",4.5,\"advanced\"]"));
        list.add(at(d, 1000, 8, 25, 0xFFFFFF, "code"));
        StringBuilder sb = new StringBuilder();
        DanmakuAss.Summary summary = DanmakuAss.of(1920, 1080).write(list, sb);
        String ass = sb.toString();

        assertThat(summary).isEqualTo(new DanmakuAss.Summary(11, 0, 0, 2));
        assertThat(ass).contains("{\\an8\\pos(960,0)}top 0\n", "{\\an8\\pos(960,50)}top 1\n",
                "{\\an8\\pos(960,100)}top 2\n", "{\\an2\\pos(960,1080)}bottom 0\n",
                "{\\an2\\pos(960,1030)}bottom 1\n", "{\\an2\\pos(960,980)}bottom 2\n",
                "Dialogue: 0,0:00:06.00,0:00:11.00,Danmaku,,0,0,0,,{\\an8\\pos(960,0)}top again\n",
                "Dialogue: 0,0:00:06.00,0:00:11.00,Danmaku,,0,0,0,,{\\an2\\pos(960,930)}bottom still\n",
                // "reverse 0": 9 Latin characters at 0.6 em, 50 px → 270 px, entering on the left
                "{\\move(-270,0,1920,0)}reverse 0\n")
                .doesNotContain("advanced", "code");
        assertNoOverlap(events(ass), 1920);
    }

    @Test
    void coloursAreWrittenInBgrOrderAndDarkTextGetsALightOutline() throws IOException {
        VideoDanmaku d = fixture().get(0);
        // the web player's standard colours from the endpoint facts: red FE0302, grass green A0EE00, black 222222
        String ass = DanmakuAss.of(1920, 1080).toAss(List.of(at(d, 0, 1, 25, 16646914, "红色"),
                at(d, 10_000, 1, 25, 10546688, "草绿"), at(d, 20_000, 1, 25, 2236962, "黑色"),
                at(d, 30_000, 1, 25, 16777215, "白色")));
        assertThat(ass).contains("{\\move(1920,0,-100,0)\\c&H0203FE&}红色\n", "{\\move(1920,0,-100,0)\\c&H00EEA0&}草绿\n",
                "{\\move(1920,0,-100,0)\\c&H222222&\\3c&HFFFFFF&}黑色\n", "{\\move(1920,0,-100,0)}白色\n");
    }

    @Test
    void textNeverBecomesOverrideTags() throws IOException {
        VideoDanmaku d = fixture().get(0);
        String ass = DanmakuAss.of(1920, 1080).toAss(List.of(
                at(d, 0, 1, 25, 0xFFFFFF, "{\\pos(0,0)\\c&H0000FF&}fake}"),
                at(d, 10_000, 1, 25, 0xFFFFFF, "a\\Nb\\nc\\hd\\x\\"),
                at(d, 20_000, 1, 25, 0xFFFFFF, "two\nlines\r\nthree"),
                at(d, 30_000, 1, 25, 0xFFFFFF, "\\{x}")));
        List<String> texts = ass.lines().filter(l -> l.startsWith("Dialogue:"))
                .map(l -> l.substring(l.indexOf('}') + 1)).toList();
        assertThat(texts).containsExactly("\\{\\pos(0,0)\\c&H0000FF&\\}fake\\}",
                "a\\\u2060Nb\\\u2060nc\\\u2060hd\\x\\", "two\\Nlines\\Nthree", "\\\\{x\\}");
        // a three-line danmaku is three lines high
        assertThat(events(ass).get(2).height()).isEqualTo(150);
        // one event per line of the file: a line break in the text never starts a new line of the file
        assertThat(ass.lines().filter(l -> l.startsWith("Dialogue:")).count()).isEqualTo(4);
    }

    @Test
    void badOptionsAreRejectedNamingTheParameter() {
        assertThatThrownBy(() -> DanmakuAss.builder(0, 1080)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("width");
        assertThatThrownBy(() -> DanmakuAss.of(1920, 20_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("height");
        DanmakuAss.Builder b = DanmakuAss.builder(1920, 1080);
        assertThatThrownBy(() -> b.fontName("Arial, Bold")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fontName");
        assertThatThrownBy(() -> b.fontName(" ")).hasMessageContaining("fontName");
        assertThatThrownBy(() -> b.opacity(0)).hasMessageContaining("opacity");
        assertThatThrownBy(() -> b.scrollSeconds(Double.NaN)).hasMessageContaining("scrollSeconds");
        assertThatThrownBy(() -> b.staticSeconds(-1)).hasMessageContaining("staticSeconds");
        assertThatThrownBy(() -> b.fontScale(Double.POSITIVE_INFINITY)).hasMessageContaining("fontScale");
        assertThatThrownBy(() -> b.scrollArea(1.5)).hasMessageContaining("scrollArea");
        assertThatThrownBy(() -> DanmakuAss.of(1920, 1080).toAss(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("danmaku");
    }
}
