package dev.originguard.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.originguard.ConfigurationException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the range setting syntax ({@link SourceSyntax#parse}, the pure step before any source is loaded):
 * a setting either parses into a fixed set and source specs, each reading exactly one file or URL and
 * plain http only on a loopback host, or is refused with a {@link ConfigurationException} naming the
 * setting. Nothing else escapes, and parsing starts no thread (and, under Jazzer's SSRF sanitizer when
 * fuzzing, opens no connection). Without {@code JAZZER_FUZZ} this replays
 * {@code SourceSyntaxFuzzTestInputs/parse/}.
 */
class SourceSyntaxFuzzTest {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * Found by this target: {@link java.net.URI} throws NumberFormatException, not URISyntaxException, on an
     * IPv4 part with an overflowing octet inside an IPv6 host literal.
     */
    @Test
    void overflowingOctetInAnIpv6UrlHostIsAConfigurationError() {
        String url = "https://[::1." + "5".repeat(12) + ".1.1]/list";
        assertThatThrownBy(() -> SourceSyntax.parse(url, "trustedProxies", RefreshSettings.defaults()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("trustedProxies: '" + url + "' has an invalid URL");
    }

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] input) {
        String value = new String(input, StandardCharsets.UTF_8);
        long threadsBefore = THREADS.getTotalStartedThreadCount();
        SourceSyntax.Parsed parsed;
        try {
            parsed = SourceSyntax.parse(value, "fuzz", RefreshSettings.defaults());
        } catch (ConfigurationException e) {
            assertThat(e.where()).isEqualTo("fuzz");
            assertThat(e.getMessage()).startsWith("fuzz: '");
            return;
        } finally {
            assertThat(THREADS.getTotalStartedThreadCount()).as("threads started").isEqualTo(threadsBefore);
        }
        assertThat(parsed.fixed()).isNotNull();
        List<String> tokens = Arrays.asList(value.split("[,\\s]+"));
        for (SourceSpec spec : parsed.sources()) {
            assertThat(tokens).contains(spec.text());
            assertThat(spec.format()).isNotNull();
            assertThat(spec.uri() == null).as("exactly one of uri, file: %s", spec).isNotEqualTo(spec.file() == null);
            boolean selects = spec.format() == ListFormat.AWS || spec.format() == ListFormat.AZURE;
            assertThat(spec.selector() != null).as("selector of %s", spec).isEqualTo(selects);
            if (spec.format() == ListFormat.AWS && List.of("AMAZON", "EC2").contains(spec.selector())) {
                assertThat(spec.text()).contains("!");
            }
            if (spec.uri() != null) {
                String scheme = spec.uri().getScheme().toLowerCase(Locale.ROOT);
                assertThat(scheme).isIn("https", "http");
                assertThat(spec.uri().getHost()).isNotNull();
                if (scheme.equals("http")) {
                    assertThat(ListFetcher.plainHttpAllowed(spec.uri(), RefreshSettings.defaults())).isTrue();
                }
            } else {
                assertThat(spec.file().toString()).isNotEmpty();
            }
        }
    }
}
