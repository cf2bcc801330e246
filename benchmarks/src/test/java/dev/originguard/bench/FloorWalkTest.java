package dev.originguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.AddressSet;
import dev.originguard.ClientIpResolver;
import org.junit.jupiter.api.Test;

class FloorWalkTest {

    private final AddressSet trusted = AddressSet.builder().addAll(Scenario.trustedEntries(), "test").build();
    private final FloorWalk floor = FloorWalk.of(trusted);
    private final ClientIpResolver resolver = ClientIpResolver.builder().trustedProxies(trusted).build();

    @Test
    void findsTheSameClientAsTheResolver() {
        String[][] cases = {
            {Scenario.PEER, Scenario.X_FORWARDED_FOR},
            {"192.0.2.1", "198.51.100.9"},
            {Scenario.PEER, "198.51.100.9,203.0.113.5"},
            {Scenario.PEER, "1.2.3.4,   5.6.7.8 ,203.0.113.5"},
        };
        for (String[] c : cases) {
            String expected = resolver.resolve(c[0], c[1]).clientIp();
            assertThat(floor.walk(c[0], c[1])).as(String.join(" | ", c))
                    .isEqualTo(FloorWalk.parse(expected, 0, expected.length()));
        }
    }

    @Test
    void parseRefusesWhatIsNotADottedQuad() {
        assertThat(FloorWalk.parse("1.2.3", 0, 5)).isEqualTo(-1);
        assertThat(FloorWalk.parse("1.2.3.256", 0, 9)).isEqualTo(-1);
        assertThat(FloorWalk.parse("1.2.3.4", 0, 7)).isEqualTo(0x01020304L);
    }
}
