package io.github.bilibiliapi.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the frozen maps remember so that a request's shared maps are checked and joined once. */
class FrozenMapTest {

    private static FrozenMap<String> frozen(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return (FrozenMap<String>) FrozenMap.copyOf(m, "test");
    }

    @Test
    void aFrozenMapIsCheckedOncePerKindAnOrdinaryMapEveryTime() {
        FrozenMap<String> map = frozen("a", "1");
        AtomicInteger checks = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            FrozenMap.checkOnce(map, FrozenMap.HEADERS, m -> checks.incrementAndGet());
        }
        assertThat(checks).hasValue(1);
        FrozenMap.checkOnce(map, FrozenMap.COOKIES, m -> checks.incrementAndGet());
        assertThat(checks).hasValue(2);
        Map<String, String> plain = new LinkedHashMap<>(map);
        FrozenMap.checkOnce(plain, FrozenMap.HEADERS, m -> checks.incrementAndGet());
        FrozenMap.checkOnce(plain, FrozenMap.HEADERS, m -> checks.incrementAndGet());
        assertThat(checks).hasValue(4);
    }

    @Test
    void aFailedCheckIsNotRememberedAsPassed() {
        FrozenMap<String> map = frozen("bad name", "1");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> FrozenMap.checkOnce(map, FrozenMap.COOKIES, CookieHeaders::validate))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad name");
        }
    }

    @Test
    void withAddsOneEntryAndReusesTheResultOnlyForTheSameStrings() {
        FrozenMap<String> headers = frozen("User-Agent", "ua", "Referer", "r");
        String cookie = "a=1; b=2";
        FrozenMap<String> sent = FrozenMap.with(headers, "Cookie", cookie);
        assertThat(sent).containsExactly(Map.entry("User-Agent", "ua"), Map.entry("Referer", "r"),
                Map.entry("Cookie", "a=1; b=2"));
        assertThat(headers).doesNotContainKey("Cookie");
        assertThat(FrozenMap.with(headers, "Cookie", cookie)).isSameAs(sent);

        FrozenMap<String> other = FrozenMap.with(headers, "Cookie", "a=9");
        assertThat(other).isNotSameAs(sent).containsEntry("Cookie", "a=9");
        // an equal value in another string is joined again, never confused with a different one
        assertThat(FrozenMap.with(headers, "Cookie", new String(cookie))).isEqualTo(sent).isNotSameAs(sent);
    }

    @Test
    void theCookieHeaderOfAFrozenMapIsBuiltOnceAndEqualsTheOrdinaryOne() {
        FrozenMap<String> cookies = frozen("SESSDATA", "s%2Cx", "buvid3", "b3");
        String header = CookieHeaders.cookieHeader(null, cookies);
        assertThat(header).isEqualTo("SESSDATA=s%2Cx; buvid3=b3")
                .isEqualTo(CookieHeaders.cookieHeader(null, new LinkedHashMap<>(cookies)));
        assertThat(CookieHeaders.cookieHeader(null, cookies)).isSameAs(header);
        // a header the caller set comes first and is not remembered with the map
        assertThat(CookieHeaders.cookieHeader("x=1", cookies)).isEqualTo("x=1; SESSDATA=s%2Cx; buvid3=b3");
        assertThat(CookieHeaders.cookieHeader(null, cookies)).isSameAs(header);
    }
}
