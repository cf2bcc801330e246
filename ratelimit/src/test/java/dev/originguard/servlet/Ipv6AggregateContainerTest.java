package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One user holding a /48 rotates its requests over 200 of its 65,536 /64s, through the real filter on
 * Tomcat, {@code X-Forwarded-For} from the trusted peer: every /64 has a bucket of its own, but all of them
 * draw from the /48's bucket too, so the user gets the network's 16 times the rate, not 200 times it.
 */
class Ipv6AggregateContainerTest {

    private static final String PROXY = PathCatalogueContainerTest.PROXY;

    private static int admitted(FilterContainer c, String network, int slash64s, int perSlash64) throws Exception {
        int ok = 0;
        for (int i = 0; i < slash64s; i++) {
            for (int j = 0; j < perSlash64; j++) {
                // a new /64 each time, and a new address in it on every request
                String client = network + ":" + Integer.toHexString(i + 1) + "::" + Integer.toHexString(j + 1);
                RawHttp.Response r = RawHttp.request("GET", PROXY, c.port(), "/", "X-Forwarded-For: " + client);
                assertThat(r.status()).isIn(200, 429);
                if (r.status() == 200) {
                    ok++;
                } else {
                    assertThat(r.headers().get("retry-after")).isNotNull();
                }
            }
        }
        return ok;
    }

    private static Map<String, String> settings(String... more) {
        Map<String, String> m = new HashMap<>(Map.of("trustedProxies", PROXY, "rateLimit", "5/1h"));
        for (int i = 0; i < more.length; i += 2) {
            m.put(more[i], more[i + 1]);
        }
        return m;
    }

    @Test
    void rotatingThroughOneSlash48GetsTheNetworksMultipleNotOneLimitPerSlash64() throws Exception {
        try (FilterContainer c = FilterContainer.named("tomcat", settings(), 0)) {
            // 200 /64s x 2 requests = 400 asked; the /48 allows 16 x 5 = 80.
            assertThat(admitted(c, "2001:db8:aa", 200, 2)).isEqualTo(80);
            // Another /48 is another network.
            assertThat(admitted(c, "2001:db8:bb", 3, 1)).isEqualTo(3);
            // One /64 alone still meets its own 5/1h first: the network bucket is not its limit.
            assertThat(admitted(c, "2001:db8:cc", 1, 8)).isEqualTo(5);
            // IPv4 clients have no network bucket.
            int v4 = 0;
            for (int i = 1; i <= 100; i++) {
                if (RawHttp.request("GET", PROXY, c.port(), "/", "X-Forwarded-For: 203.0.113." + i).status() == 200) {
                    v4++;
                }
            }
            assertThat(v4).isEqualTo(100);
        }
    }

    @Test
    void theNetworkPrefixAndMultipleAreSettingsAndOffRestoresPerSlash64Limits() throws Exception {
        try (FilterContainer c = FilterContainer.named("tomcat",
                settings("rateLimitIpv6AggregatePrefix", "56", "rateLimitIpv6AggregateMultiple", "4"), 0)) {
            // 2001:db8:aa:1..40::/64 lie in one /56 (2001:db8:aa::/56 holds :0 to :ff): 4 x 5 = 20.
            assertThat(admitted(c, "2001:db8:aa", 40, 1)).isEqualTo(20);
        }
        try (FilterContainer c = FilterContainer.named("tomcat", settings("rateLimitIpv6AggregatePrefix", "off"), 0)) {
            assertThat(admitted(c, "2001:db8:aa", 100, 1)).isEqualTo(100);
        }
    }
}
