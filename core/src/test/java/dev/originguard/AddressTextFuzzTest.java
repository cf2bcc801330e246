package dev.originguard;

import dev.originguard.internal.AddressText;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.nio.charset.StandardCharsets;

/**
 * Differential fuzzing of the request-path address parser against the ipaddress library, configured with
 * the same strict syntax the configuration uses ({@link ConfigEntries#STRICT}). The two must agree on
 * every input: which text is an address, and which 128-bit value it is.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays {@code AddressTextFuzzTestInputs/parse/} (checked in) as a
 * regression test; see docs/security-model.md for the command that fuzzes.
 */
class AddressTextFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        long[] ours = parse(text);
        long[] oracle = oracle(text);
        if (oracle == null) {
            assertThat(ours).as("AddressText accepts '%s', ipaddress refuses it", escape(text)).isNull();
        } else {
            assertThat(ours).as("AddressText on '%s'", escape(text)).containsExactly(oracle);
        }
    }

    /** What the resolver's parsing makes of the text: {hi, lo}, or null when it is not an address. */
    static long[] parse(String text) {
        long v4 = AddressText.parseIpv4(text, 0, text.length());
        if (v4 != AddressText.INVALID) {
            return new long[] {AddressText.MAPPED_HI, AddressText.mapIpv4(v4)};
        }
        long[] v6 = new long[2];
        return AddressText.parseIpv6(text, 0, text.length(), v6) ? v6 : null;
    }

    /**
     * The oracle: a plain address (no prefix length) in the strict syntax, refusing the unspecified
     * addresses in every spelling ({@code 0.0.0.0}, {@code ::}, {@code ::ffff:0.0.0.0}), IPv4 mapped into
     * the IPv6 space.
     */
    static long[] oracle(String text) {
        if (!text.equals(text.trim())) {
            return null; // ipaddress trims like String.trim() (even NUL); header entries arrive trimmed of OWS only
        }
        IPAddress a;
        try {
            a = new IPAddressString(text, ConfigEntries.STRICT).getAddress();
        } catch (IndexOutOfBoundsException e) {
            return null; // ipaddress 5.6.2 on a prefix length overflowing an int; see HostileConfigEntryTest
        }
        if (a == null || a.isPrefixed() || a.isMultiple()) {
            return null;
        }
        byte[] b = a.getBytes();
        long hi = 0;
        long lo = 0;
        if (a.isIPv4()) {
            lo = AddressText.mapIpv4(((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8)
                    | (b[3] & 0xFFL));
        } else {
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (b[i] & 0xFFL);
                lo = (lo << 8) | (b[i + 8] & 0xFFL);
            }
        }
        boolean unspecified = hi == 0 && (lo == 0 || lo == AddressText.MAPPED_LO_PREFIX);
        return unspecified ? null : new long[] {hi, lo};
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c > 0x7e) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
