package dev.originguard;

import dev.originguard.internal.AddressText;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressTextTest {

    private static boolean valid(String s) {
        return AddressText.parseIpv4(s, 0, s.length()) != AddressText.INVALID
                || AddressText.parseIpv6(s, 0, s.length(), new long[2]);
    }

    private static String canonical(String s) {
        long v4 = AddressText.parseIpv4(s, 0, s.length());
        if (v4 != AddressText.INVALID) {
            return AddressText.formatIpv4(v4);
        }
        long[] v6 = new long[2];
        assertThat(AddressText.parseIpv6(s, 0, s.length(), v6)).as(s).isTrue();
        return AddressText.format(v6[0], v6[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4", "255.255.255.255", "10.0.0.1", "0.1.2.3", "::1", "2001:db8::1",
            "2001:DB8::1", "1:2:3:4:5:6:7:8", "::ffff:10.0.0.1", "1:2:3:4:5:6:1.2.3.4", "1::", "1:2:3:4:5:6:7::",
            "::2:3:4:5:6:7:8", "0001:0db8::0001", "fe80::1", "64:ff9b::a00:1", "2002:a00:1::"})
    void acceptsStrictAddressText(String text) {
        assertThat(valid(text)).as(text).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1.2.3.4", "1.2.3.4 ", "127.1", "2130706433", "010.0.0.1", "1.2.3.04", "0x7f.0.0.1",
            "0.0.0.0", "::", "0:0:0:0:0:0:0:0", "::0.0.0.0", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3",
            "1.2.3.4.", ".1.2.3.4", "fe80::1%eth0", "fe80::1%25eth0", "1:2:3:4:5:6:7:8:9", "1::2::3", ":::",
            "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "12345::", "1:", ":1", "1.2.3.4:80", "[::1]",
            "unknown", "_hidden", "localhost", "1.2.3.٤", "１.2.3.4", "1.2.3.4\u0000", "g::1",
            "::ffff:1.2.3.04", "::ffff:0.0.0.0", "::ffff:0:0", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "1.2.3.4::"})
    void refusesEverythingElse(String text) {
        assertThat(valid(text)).as(text).isFalse();
    }

    @Test
    void formatsCanonicallyPerRfc5952() {
        assertThat(canonical("2001:DB8:0:0:0:0:0:1")).isEqualTo("2001:db8::1");
        assertThat(canonical("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(canonical("2001:0:0:1:0:0:0:1")).isEqualTo("2001:0:0:1::1");
        assertThat(canonical("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(canonical("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(canonical("1:0:0:0:0:0:0:0")).isEqualTo("1::");
        assertThat(canonical("::ffff:192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(canonical("::FFFF:c000:0201")).isEqualTo("192.0.2.1");
        assertThat(canonical("64:ff9b::192.0.2.1")).isEqualTo("64:ff9b::c000:201");
    }

    @Test
    void parsesWithinBoundsOnly() {
        String line = "x,192.0.2.1,y";
        assertThat(AddressText.parseIpv4(line, 2, 11)).isEqualTo(0xC0000201L);
        String v6 = "[2001:db8::7]";
        long[] out = new long[2];
        assertThat(AddressText.parseIpv6(v6, 1, v6.length() - 1, out)).isTrue();
        assertThat(AddressText.format(out[0], out[1])).isEqualTo("2001:db8::7");
    }
}
