package dev.originguard;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzzes configuration entries (addresses, CIDRs, ranges, presets, as range files and provider lists
 * deliver them): an entry either parses into ranges or fails with a {@link ConfigurationException} that
 * names the setting and quotes the value; nothing else escapes, and no accepted entry covers every
 * address. Without {@code JAZZER_FUZZ} this replays {@code ConfigEntriesFuzzTestInputs/parse/}.
 */
class ConfigEntriesFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] input) {
        String entry = new String(input, StandardCharsets.UTF_8);
        List<IpRange> ranges;
        try {
            ranges = ConfigEntries.parse(entry, "fuzz");
        } catch (ConfigurationException e) {
            assertThat(e.where()).isEqualTo("fuzz");
            assertThat(e.getMessage()).startsWith("fuzz: '");
            return;
        }
        assertThat(ranges).isNotEmpty().noneMatch(r -> r.encloses(IpRange.MAPPED_IPV4));
    }
}
