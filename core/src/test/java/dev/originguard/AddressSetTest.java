package dev.originguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressSetTest {

    @Test
    void matchesAddressesCidrsRangesAndPresets() {
        AddressSet set = AddressSet.of("203.0.113.7", "10.0.0.0/8", "192.0.2.10-192.0.2.20", "2001:db8::/32",
                "loopback", "linklocal");
        assertThat(set.contains("203.0.113.7")).isTrue();
        assertThat(set.contains("203.0.113.8")).isFalse();
        assertThat(set.contains("10.255.255.255")).isTrue();
        assertThat(set.contains("11.0.0.0")).isFalse();
        assertThat(set.contains("192.0.2.9")).isFalse();
        assertThat(set.contains("192.0.2.10")).isTrue();
        assertThat(set.contains("192.0.2.20")).isTrue();
        assertThat(set.contains("192.0.2.21")).isFalse();
        assertThat(set.contains("2001:db8:ffff::1")).isTrue();
        assertThat(set.contains("[2001:db8::1]")).isTrue();
        assertThat(set.contains("2001:db9::1")).isFalse();
        assertThat(set.contains("127.0.0.1")).isTrue();
        assertThat(set.contains("::1")).isTrue();
        assertThat(set.contains("fe80::abcd")).isTrue();
        assertThat(set.contains("not an address")).isFalse();
    }

    @Test
    void ipv4MappedAddressesAreTheirIpv4Form() throws Exception {
        AddressSet v4 = AddressSet.of("10.0.0.0/8");
        assertThat(v4.contains("::ffff:10.0.0.1")).isTrue();
        assertThat(v4.contains("::ffff:a00:1")).isTrue();
        assertThat(v4.contains(InetAddress.getByAddress(new byte[] {10, 1, 2, 3}))).isTrue();
        AddressSet mapped = AddressSet.of("::ffff:10.0.0.0/104");
        assertThat(mapped.contains("10.9.8.7")).isTrue();
        assertThat(mapped.cidrs()).containsExactly("10.0.0.0/8");
        // NAT64 and 6to4 embed IPv4 addresses but are different addresses.
        assertThat(v4.contains("64:ff9b::a00:1")).isFalse();
        assertThat(v4.contains("2002:a00:1::")).isFalse();
    }

    @Test
    void mergesOverlappingAndAdjacentRangesForAudit() {
        AddressSet set = AddressSet.of("10.0.0.0/9", "10.128.0.0/9", "10.1.0.0/16", "2001:db8::/33",
                "2001:db8:8000::/33");
        assertThat(set.rangeCount()).isEqualTo(2);
        assertThat(set.cidrs()).containsExactly("10.0.0.0/8", "2001:db8::/32");
        assertThat(set).isEqualTo(AddressSet.of("2001:db8::/32", "10.0.0.0/8"));
    }

    @Test
    void rangeCrossingIntoMappedSpaceIsSplit() {
        AddressSet set = AddressSet.of("::fffe:0:0-::ffff:a00:0");
        assertThat(set.contains("::fffe:1:1")).isTrue();
        assertThat(set.contains("9.255.255.255")).isTrue();
        assertThat(set.contains("10.0.0.0")).isTrue();
        assertThat(set.contains("10.0.0.1")).isFalse();
    }

    @Test
    void theCidrListIsComputedOnceAndKept() {
        AddressSet set = AddressSet.of("10.0.0.0/9", "10.128.0.0/9", "2001:db8::/32");
        List<String> first = set.cidrs();
        assertThat(set.cidrs()).isSameAs(first).containsExactly("10.0.0.0/8", "2001:db8::/32");
        assertThatThrownBy(() -> first.add("192.0.2.0/24")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void masksHostBitsOfACidr() {
        assertThat(AddressSet.of("10.1.2.3/8").cidrs()).containsExactly("10.0.0.0/8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0/0", "::/0", "0.0.0.0-255.255.255.255", "::/1", "::ffff:0:0/96"})
    void refusesSetsCoveringEveryAddressWithTheReason(String entry) {
        assertThatThrownBy(() -> AddressSet.builder().add(entry, "trustedProxies").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("trustedProxies: '" + entry + "' covers every")
                .hasMessageContaining("forge");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "127.1", "010.0.0.1", "2130706433", "1.2.3.4-1.2.3", "1.2.3.9-1.2.3.1",
            "1.2.3.4-::1", "example.com", "fe80::1%eth0", "10.0.0.*", "10.0.0.0/255.0.0.0", "1.2.3.4-5-6", " "})
    void refusesInvalidEntriesNamingTheSettingAndValue(String entry) {
        assertThatThrownBy(() -> AddressSet.builder().add(entry, "directAllow").build())
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> {
                    ConfigurationException ce = (ConfigurationException) e;
                    assertThat(ce.where()).isEqualTo("directAllow");
                    assertThat(ce.value()).isEqualTo(entry.strip().isEmpty() ? entry : ce.value());
                    assertThat(ce.getMessage()).startsWith("directAllow: '").contains(ce.value());
                });
    }

    @Test
    void emptySetContainsNothing() {
        assertThat(AddressSet.empty().contains("1.2.3.4")).isFalse();
        assertThat(AddressSet.empty().contains("::1")).isFalse();
        assertThat(AddressSet.builder().addAll(List.of(), "x").build().isEmpty()).isTrue();
    }

    @Test
    void unionHoldsBoth() {
        AddressSet union = AddressSet.of("10.0.0.0/8").union(AddressSet.of("2001:db8::/32"));
        assertThat(union.contains("10.1.1.1")).isTrue();
        assertThat(union.contains("2001:db8::5")).isTrue();
    }
}
