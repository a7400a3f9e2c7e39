package io.github.bilibiliapi.test.bilibili;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The fake's own WBI, MurmurHash3, av/bv and bili_ticket implementations reproduce every shared vector. */
class AlgorithmVectorsTest {

    @Test
    void mixinTableMatchesVectorFile() {
        JsonNode table = Vectors.load("wbi.json").get("mixin_key_enc_tab");
        assertThat(table.size()).isEqualTo(Wbi.MIXIN_KEY_ENC_TAB.length);
        for (int i = 0; i < table.size(); i++) {
            assertThat(Wbi.MIXIN_KEY_ENC_TAB[i]).as("index %d", i).isEqualTo(table.get(i).asInt());
        }
    }

    @Test
    void wbiVectors() {
        for (JsonNode c : Vectors.load("wbi.json").get("cases")) {
            String name = c.get("name").asString();
            WbiKeys keys = new WbiKeys(c.get("img_key").asString(), c.get("sub_key").asString());
            assertThat(keys.mixinKey()).as(name).isEqualTo(c.get("mixin_key").asString());
            Map<String, String> params = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> p : c.get("params").properties()) {
                params.put(p.getKey(), p.getValue().asString());
            }
            long wts = c.get("wts").asLong();
            String signed = Wbi.sign(params, wts, keys);
            assertThat(signed).as(name)
                    .isEqualTo(c.get("hashed_query").asString() + "&w_rid=" + c.get("w_rid").asString());
            assertThat(Wbi.verify(signed, keys, wts, 0)).as(name).isEqualTo(WbiVerdict.OK);
        }
    }

    @Test
    void wbiRejectsTamperingReorderingStaleAndMissing() {
        WbiKeys keys = new WbiKeys("7cd084941338484aae1ad9425b84077c", "4932caff0ff746eab6f01bf08b70ac45");
        String good = "bar=514&foo=114&wts=1702204169&zab=1919810&w_rid=8f6f2b5b3d485fe1886cec6a0be8c5d4";
        assertThat(Wbi.verify(good, keys, 1702204169, 300).valid()).isTrue();
        assertThat(Wbi.verify(good.replace("foo=114", "foo=115"), keys, 1702204169, 300).reason())
                .contains("does not match");
        // same pairs, different order: the hash matches but the bytes sent are not the signed bytes
        String reordered = "foo=114&bar=514&wts=1702204169&zab=1919810&w_rid=8f6f2b5b3d485fe1886cec6a0be8c5d4";
        assertThat(Wbi.verify(reordered, keys, 1702204169, 300).reason()).contains("byte-identical");
        assertThat(Wbi.verify(good, keys, 1702204169 + 301, 300).reason()).contains("wts is -301 s");
        assertThat(Wbi.verify("bar=514&wts=1702204169", keys, 1702204169, 300).reason()).isEqualTo("w_rid is missing");
        assertThat(Wbi.verify("", keys, 1702204169, 300).valid()).isFalse();
        assertThat(Wbi.verify(good, WbiKeys.random(), 1702204169, 300).valid()).isFalse();
        assertThat(Wbi.verify("a=%ZZ&" + good, keys, 1702204169, 300).reason()).startsWith("malformed query");
    }

    @Test
    void wbiEncodesLikeEncodeUriComponent() {
        assertThat(QueryString.encodeUriComponent("a b+c/ä~-_.!*'()")).isEqualTo("a%20b%2Bc%2F%C3%A4~-_.!*'()");
        assertThat(QueryString.encodeUriComponent("{\"ds\":[]}")).isEqualTo("%7B%22ds%22%3A%5B%5D%7D");
        // a value with a space signed with %20 verifies; the same request sent with '+' does not (byte identity)
        WbiKeys keys = WbiKeys.random();
        String signed = Wbi.sign(Map.of("keyword", "a b"), 1000, keys);
        assertThat(Wbi.verify(signed, keys, 1000, 0).valid()).isTrue();
        assertThat(Wbi.verify(signed.replace("%20", "+"), keys, 1000, 0).reason()).contains("byte-identical");
    }

    @Test
    void murmur3Vectors() {
        for (JsonNode c : Vectors.load("murmur3_buvid_fp.json").get("cases")) {
            byte[] input = c.get("input").asString().getBytes(StandardCharsets.UTF_8);
            long[] h = Murmur3.hash128x64(input, c.get("seed").asInt());
            assertThat(String.format("%016x", h[0])).isEqualTo(c.get("h1_hex").asString());
            assertThat(String.format("%016x", h[1])).isEqualTo(c.get("h2_hex").asString());
            assertThat(Murmur3.buvidFp(input)).isEqualTo(c.get("buvid_fp").asString());
        }
    }

    @Test
    void murmur3CoversEveryTailLength() {
        // all tail lengths 0..15 and two blocks; distinct inputs give distinct hashes (catches dropped tail bytes)
        List<String> seen = new ArrayList<>();
        for (int len = 0; len <= 33; len++) {
            byte[] data = new byte[len];
            for (int i = 0; i < len; i++) {
                data[i] = (byte) (0x80 + i);
            }
            seen.add(Murmur3.buvidFpPadded(data));
        }
        assertThat(seen).doesNotHaveDuplicates();
    }

    @Test
    void avBvVectors() {
        JsonNode file = Vectors.load("av_bv.json");
        assertThat(AvBv.XOR_CODE).isEqualTo(file.get("constants").get("XOR_CODE").asLong());
        assertThat(AvBv.MASK_CODE).isEqualTo(file.get("constants").get("MASK_CODE").asLong());
        assertThat(AvBv.MAX_AID).isEqualTo(file.get("constants").get("MAX_AID").asLong());
        for (JsonNode c : file.get("cases")) {
            assertThat(AvBv.toBvid(c.get("aid").asLong())).isEqualTo(c.get("bvid").asString());
            assertThat(AvBv.toAid(c.get("bvid").asString())).isEqualTo(c.get("aid").asLong());
        }
        assertThat(AvBv.toBvid(85440373)).isEqualTo("BV117411r7R1"); // the view fixture's pair
        assertThatThrownBy(() -> AvBv.toAid("BV1xx411c7m0")).hasMessageContaining("alphabet");
        assertThatThrownBy(() -> AvBv.toBvid(0)).hasMessageContaining("aid out of range");
    }

    @Test
    void biliTicketHexsignVector() {
        for (JsonNode c : Vectors.load("bili_ticket.json").get("cases")) {
            assertThat(Crypto.hmacSha256Hex(BilibiliRoutes.TICKET_HMAC_KEY, c.get("message").asString()))
                    .isEqualTo(c.get("hexsign").asString());
        }
    }

    @Test
    void accountToStringHidesSecrets() {
        Account account = new Account("SECRET1", "SECRET2", 7);
        assertThat(account.toString()).doesNotContain("SECRET1").doesNotContain("SECRET2").contains("mid=7");
        assertThatThrownBy(() -> new Account("a;b", "c", 1)).hasMessageContaining("sessdata");
    }

    @Test
    void errorFixturesByCode() {
        assertThat(BilibiliErrors.knownCodes()).contains(-101, -111, -352, -412, -509, -799, 62002, 130212);
        assertThat(new String(BilibiliErrors.body(-799), StandardCharsets.UTF_8)).contains("\"code\":-799");
        assertThat(new String(BilibiliErrors.body(-412), StandardCharsets.UTF_8))
                .isEqualTo("{\"code\":-412,\"message\":\"请求被拦截\",\"ttl\":1,\"data\":null}");
        assertThat(BilibiliErrors.httpStatus(-412)).isEqualTo(412);
        assertThat(BilibiliErrors.httpStatus(-799)).isEqualTo(200);
        assertThatThrownBy(() -> BilibiliErrors.body(12345)).hasMessageContaining("12345").hasMessageContaining("-799");
    }
}
