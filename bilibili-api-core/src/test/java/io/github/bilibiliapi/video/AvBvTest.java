package io.github.bilibiliapi.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.api.TestResources;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class AvBvTest {

    static Stream<JsonNode> cases() {
        return StreamSupport.stream(TestResources.json("av_bv.json").get("cases").spliterator(), false);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void convertsBothWays(JsonNode c) {
        long aid = c.get("aid").asLong();
        String bvid = c.get("bvid").asString();
        assertThat(AvBv.toBvid(aid)).isEqualTo(bvid);
        assertThat(AvBv.toAid(bvid)).isEqualTo(aid);
        assertThat(AvBv.isValidBvid(bvid)).isTrue();
    }

    @Test
    void viewFixtureAgrees() {
        JsonNode data = TestResources.json("rest/x_web-interface_view.json").get("data");
        assertThat(AvBv.toBvid(data.get("aid").asLong())).isEqualTo(data.get("bvid").asString());
    }

    @Test
    void roundTripsAcrossTheRange() {
        for (long aid : new long[] {1, 57, 58, 3364, 170001, 99_999_999L, 1L << 40, (1L << 51) - 1}) {
            assertThat(AvBv.toAid(AvBv.toBvid(aid))).isEqualTo(aid);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, 1L << 51, Long.MAX_VALUE})
    void rejectsAidsOutOfRange(long aid) {
        assertThatThrownBy(() -> AvBv.toBvid(aid)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "BV17x411w7K", "BV17x411w7KCC", "bv17x411w7KC", "BV27x411w7KC", "BV17x411w7K0",
        "BV17x411w7Kl", "av170001", "BV1 x411w7KC"})
    void rejectsMalformedBvids(String bvid) {
        assertThat(AvBv.isValidBvid(bvid)).isFalse();
        assertThatThrownBy(() -> AvBv.toAid(bvid)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bvid");
    }

    @Test
    void rejectsNull() {
        assertThat(AvBv.isValidBvid(null)).isFalse();
        assertThatThrownBy(() -> AvBv.toAid(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
