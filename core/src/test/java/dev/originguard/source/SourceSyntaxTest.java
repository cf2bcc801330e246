package dev.originguard.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.originguard.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The setting syntax: what parses to which source, and what is refused with the setting named. */
class SourceSyntaxTest {

    static final RefreshSettings SETTINGS = RefreshSettings.defaults();

    @Test
    void inlineEntriesAndPresetsCompileToAStaticSetWithoutThreads() {
        try (LiveAddressSet live = LiveAddressSet.start("10.0.0.0/8,  loopback\tgoogle-lb, 2001:db8::1",
                "directAllow")) {
            assertThat(live.isStatic()).isTrue();
            assertThat(live.statuses()).isEmpty();
            assertThat(live.get().contains("35.191.1.1")).isTrue();
            assertThat(live.get().contains("2600:2d00:1:b029::7")).isTrue();
            assertThat(LiveAddressSetRefreshTest.originGuardThreads()).isEmpty();
        }
    }

    @Test
    void providersResolveToFormatSelectorAndOfficialUrl() {
        var parsed = SourceSyntax.parse("cloudflare aws-cloudfront aws:cloudfront fastly "
                + "azure:AzureFrontDoor.Frontend@file:/data/tags.json alibaba-waf@https://mirror.example/waf.json "
                + "fe80::1", "trustedProxies", SETTINGS);
        assertThat(parsed.sources()).extracting(SourceSpec::format).containsExactly(ListFormat.CLOUDFLARE,
                ListFormat.AWS, ListFormat.AWS, ListFormat.FASTLY, ListFormat.AZURE, ListFormat.ALIBABA_WAF);
        assertThat(parsed.sources()).extracting(SourceSpec::selector).containsExactly(null,
                "CLOUDFRONT_ORIGIN_FACING", "CLOUDFRONT", null, "AzureFrontDoor.Frontend", null);
        assertThat(parsed.sources()).extracting(SourceSpec::location).containsExactly(
                "https://api.cloudflare.com/client/v4/ips", "https://ip-ranges.amazonaws.com/ip-ranges.json",
                "https://ip-ranges.amazonaws.com/ip-ranges.json", "https://api.fastly.com/public-ip-list",
                "file:/data/tags.json", "https://mirror.example/waf.json");
        assertThat(parsed.fixed().cidrs()).containsExactly("fe80::1/128");
    }

    @Test
    void refusalsNameTheSettingTheEntryAndWhy() {
        assertRefused("azure", "needs a location");
        assertRefused("alibaba-waf", "DescribeWafSourceIpSegment");
        assertRefused("aws:EC2", "anyone can rent");
        assertRefused("aws:amazon", "AMAZON");
        assertRefused("google", "customer VMs");
        assertRefused("alibaba-antibot", "console");
        assertRefused("cloudfare", "is neither a preset");
        assertRefused("fastly:x", "takes none");
        assertRefused("cloudflare@ftp://x/y", "a location is 'file:/path' or 'https://host/path'");
        assertRefused("http://lists.example.com/cf.txt", "uses plain http://");
        assertThat(SourceSyntax.parse("aws:EC2!@file:/x.json", "t", SETTINGS).sources().get(0).selector())
                .isEqualTo("EC2");
        assertThat(SourceSyntax.parse("http://lists.example.com/x", "t",
                RefreshSettings.builder().allowPlainHttp(true).build()).sources()).hasSize(1);
    }

    static void assertRefused(String value, String fragment) {
        assertThatThrownBy(() -> SourceSyntax.parse("10.0.0.1 " + value, "trustedProxies", SETTINGS))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("trustedProxies: '" + value + "'")
                .hasMessageContaining(fragment);
    }

    @Test
    void badLineInAFileNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("antibot.txt");
        Files.writeString(file, "# Anti-Bot service IPs, copied from the console\n198.51.100.0/24\n\n198.51.100.300\n");
        assertThatThrownBy(() -> LiveAddressSet.start("file:" + file, "trustedProxies"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("file:" + file + ":4")
                .hasMessageContaining("'198.51.100.300'");
    }

    @Test
    void providerFileSourcesLoadAndRefresh(@TempDir Path dir) throws Exception {
        Path azure = ProviderFormatsTest.fixture("azure-ServiceTags_Public.json");
        Path file = dir.resolve("team.txt");
        Files.writeString(file, "203.0.113.0/24\n");
        try (LiveAddressSet live = LiveAddressSet.start("azure@file:" + azure + ", file:" + file,
                "trustedProxies")) {
            assertThat(live.statuses()).extracting(SourceStatus::entryCount).containsExactly(170, 1);
            Files.writeString(file, "203.0.113.0/24\n192.0.2.0/24\n");
            live.refreshNow();
            assertThat(live.get().contains("192.0.2.9")).isTrue();
            assertThat(live.statuses()).allMatch(SourceStatus::healthy);
        }
    }

    @Test
    void backoffDoublesAfterEachFailureUpToTheCap(@TempDir Path dir) {
        RefreshSettings settings = RefreshSettings.builder().jitter(0).initialBackoff(java.time.Duration.ofSeconds(10))
                .maxBackoff(java.time.Duration.ofSeconds(35)).build();
        SourceSpec spec = new SourceSpec("file:x", ListFormat.TEXT, null, null, dir.resolve("missing.txt"));
        RangeSource source = new RangeSource(spec, "t", settings, null);
        source.refresh();
        assertThat(source.nextDelay()).hasSeconds(10);
        source.refresh();
        assertThat(source.nextDelay()).hasSeconds(20);
        source.refresh();
        assertThat(source.nextDelay()).hasSeconds(35);
        assertThat(source.status().consecutiveFailures()).isEqualTo(3);
        assertThat(source.status().lastError()).contains("missing.txt");
    }

    @Test
    void jsonReaderIsStrict() {
        assertThatThrownBy(() -> JsonReader.parse("{\"a\":1,\"a\":2}")).hasMessageContaining("duplicate member 'a'");
        assertThatThrownBy(() -> JsonReader.parse("{\"a\":[1,2]} x")).hasMessageContaining("after the JSON value");
        assertThatThrownBy(() -> JsonReader.parse("[01]")).hasMessageContaining("offset");
        assertThatThrownBy(() -> JsonReader.parse("[\"a")).hasMessageContaining("truncated");
        assertThatThrownBy(() -> JsonReader.parse("[".repeat(100))).hasMessageContaining("nesting");
        try {
            assertThat(JsonReader.parse("{\"k\":[\"\\u0041\\n\",true,null,-1.5e2]}"))
                    .isEqualTo(java.util.Map.of("k", java.util.Arrays.asList("A\n", true, null, -150.0)));
        } catch (JsonReader.JsonException e) {
            throw new AssertionError(e);
        }
    }
}
