package dev.originguard;

import dev.originguard.internal.AddressText;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The unspecified address is refused in every spelling: docs/design.md makes {@code 0.0.0.0} and {@code ::}
 * invalid and an IPv4-mapped address the same as its dotted form, so {@code ::ffff:0.0.0.0} is invalid too.
 * Found by {@link AddressTextFuzzTest} (differential against ipaddress).
 */
class UnspecifiedAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "0:0:0:0:0:0:0:0", "::ffff:0.0.0.0", "::FFFF:0:0", "0:0:0:0:0:ffff:0.0.0.0"})
    void isNotAnAddress(String text) {
        assertThat(AddressText.parseIpv4(text, 0, text.length())).isEqualTo(AddressText.INVALID);
        assertThat(AddressText.parseIpv6(text, 0, text.length(), new long[2])).isFalse();
    }

    @Test
    void mappedUnspecifiedEntryStopsTheWalk() {
        ClientIpResolver resolver = ClientIpResolver.builder().trustedProxies(AddressSet.of("10.0.0.0/8")).build();

        Resolution r = resolver.resolve("10.0.0.1", "203.0.113.7, ::ffff:0.0.0.0");

        assertThat(r.rule()).isEqualTo(Resolution.Rule.MALFORMED);
        assertThat(r.clientIp()).isEqualTo("10.0.0.1");
        assertThat(r.clientKnown()).isFalse();
    }
}
