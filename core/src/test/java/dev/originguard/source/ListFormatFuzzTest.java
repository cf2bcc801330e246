package dev.originguard.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.originguard.AddressSet;
import java.util.List;

/**
 * Fuzzes each provider format on arbitrary response bodies, through the same steps a fetched body takes:
 * strict UTF-8 decoding, the format's parser, then {@link ListValidation}. Either the whole list compiles
 * into a set whose entries are each no broader than the minimum prefix lengths, each naming where it was read, or
 * the list is refused with a {@link RefreshFailure} whose message starts with the location. No other
 * exception escapes. Without {@code JAZZER_FUZZ} each method replays
 * {@code ListFormatFuzzTestInputs/<method>/}.
 */
class ListFormatFuzzTest {

    static final String URL = "https://lists.example/ranges";
    static final String FILE = "file:/etc/originguard/ranges.txt";

    @FuzzTest(maxDuration = "5m")
    void text(byte[] body) {
        check(ListFormat.TEXT, null, FILE, body);
    }

    @FuzzTest(maxDuration = "5m")
    void cloudflare(byte[] body) {
        check(ListFormat.CLOUDFLARE, null, URL, body);
    }

    @FuzzTest(maxDuration = "5m")
    void aws(byte[] body) {
        check(ListFormat.AWS, "CLOUDFRONT_ORIGIN_FACING", URL, body);
    }

    @FuzzTest(maxDuration = "5m")
    void fastly(byte[] body) {
        check(ListFormat.FASTLY, null, URL, body);
    }

    @FuzzTest(maxDuration = "5m")
    void azure(byte[] body) {
        check(ListFormat.AZURE, "AzureFrontDoor.Backend", FILE, body);
    }

    @FuzzTest(maxDuration = "5m")
    void alibabaWaf(byte[] body) {
        check(ListFormat.ALIBABA_WAF, null, FILE, body);
    }

    @FuzzTest(maxDuration = "5m")
    void alibabaDdos(byte[] body) {
        check(ListFormat.ALIBABA_DDOS, null, FILE, body);
    }

    static void check(ListFormat format, String selector, String location, byte[] body) {
        RefreshSettings settings = RefreshSettings.defaults();
        List<ListEntry> entries;
        AddressSet set;
        try {
            String text = ListFetcher.decode(body, location);
            entries = format.parse(text, selector, location);
            for (ListEntry entry : entries) {
                assertThat(entry.where()).startsWith(location + (location.startsWith("file:") ? "" : " "));
                if (format == ListFormat.TEXT) {
                    assertThat(entry.value()).isNotEmpty().isEqualTo(entry.value().strip()).doesNotContain("#", "\n");
                }
            }
            set = ListValidation.compile(entries, null, settings, location);
        } catch (RefreshFailure e) {
            assertThat(e.getMessage()).startsWith(location);
            return;
        }
        assertThat(entries).isNotEmpty();
        assertThat(set.isEmpty()).isFalse();
        // The minimum prefix lengths bound each entry; the compiled set may merge adjacent entries into a
        // broader block (2000::/24 and 2001::/24 into 2000::/23), found by this target.
        for (ListEntry entry : entries) {
            for (String cidr : AddressSet.builder().add(entry.value(), entry.where()).build().cidrs()) {
                int slash = cidr.indexOf('/');
                boolean ipv4 = cidr.indexOf(':') < 0;
                int prefix = slash < 0 ? (ipv4 ? 32 : 128) : Integer.parseInt(cidr.substring(slash + 1));
                assertThat(prefix).as("%s: %s", entry.where(), cidr).isGreaterThanOrEqualTo(
                        ipv4 ? settings.minPrefixLengthIpv4() : settings.minPrefixLengthIpv6());
            }
        }
    }
}
