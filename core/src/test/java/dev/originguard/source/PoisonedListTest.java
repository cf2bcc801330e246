package dev.originguard.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.originguard.AddressSet;
import dev.originguard.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lists whose every entry passes the per-entry minimum prefix but whose union trusts far too much (issue 10,
 * hole 2): 256 {@code /8}s are {@code 0.0.0.0/0}. Refused at start-up, on refresh and from the cache file,
 * as text and as Cloudflare JSON; real provider snapshots still pass.
 */
class PoisonedListTest {

    static final String GOOD = LiveAddressSetRefreshTest.GOOD;
    /** 256 /8 lines, about 3 KB: every IPv4 address. */
    static final String ALL_SLASH_8 = IntStream.range(0, 256).mapToObj(i -> i + ".0.0.0/8")
            .collect(Collectors.joining("\n"));
    /** Two IPv6 /24s, each at the per-entry minimum, that merge into a /23. */
    static final String TWO_V6_SLASH_24 = "2001:c00::/24\n2001:d00::/24\n";

    ListServer server;

    RefreshSettings.Builder settings() {
        return RefreshSettings.builder().connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2))
                .maxBodyBytes(256 * 1024);
    }

    @BeforeEach
    void startServer() throws Exception {
        server = new ListServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    static String cloudflareJson(String v4Lines) {
        String v4 = v4Lines.lines().map(l -> "\"" + l + "\"").collect(Collectors.joining(","));
        return "{\"result\":{\"ipv4_cidrs\":[" + v4 + "],\"ipv6_cidrs\":[\"2400:cb00::/32\"],\"etag\":\"x\"},"
                + "\"success\":true,\"errors\":[],\"messages\":[]}";
    }

    @Test
    void everySlash8AsTextIsRefusedAtStartUp() {
        server.answer("/list", ListServer.Answer.ok("text/plain", ALL_SLASH_8));
        assertThatThrownBy(() -> LiveAddressSet.start(server.url("/list"), "trustedProxies", settings().build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("merge into 0.0.0.0/0, broader than the minimum /8");
    }

    @Test
    void everySlash8AsCloudflareJsonIsRefusedAtStartUp() {
        server.answer("/cf", ListServer.Answer.ok("application/json", cloudflareJson(ALL_SLASH_8)));
        assertThatThrownBy(() -> LiveAddressSet.start("cloudflare@" + server.url("/cf"), "trustedProxies",
                settings().build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("merge into 0.0.0.0/0");
    }

    @Test
    void everySlash8PaddedWithSlash128sIsRefusedOnRefresh() {
        server.answer("/list", ListServer.Answer.ok("text/plain", GOOD));
        try (LiveAddressSet live = LiveAddressSet.start(server.url("/list"), "trustedProxies", settings().build())) {
            AddressSet before = live.get();
            // Enough /128s that the block count does not drop: the old max-drop check compared counts.
            String padded = ALL_SLASH_8 + "\n" + IntStream.range(1, 10).mapToObj(i -> "2001:db8::" + i)
                    .collect(Collectors.joining("\n"));
            server.answer("/list", ListServer.Answer.ok("text/plain", padded));
            live.refreshNow();
            assertThat(live.get()).isEqualTo(before);
            assertThat(live.get().contains("8.8.8.8")).isFalse();
            assertThat(live.statuses().get(0).lastError()).contains("merge into 0.0.0.0/0");
        }
    }

    @Test
    void everySlash8AsCloudflareJsonIsRefusedOnRefresh() {
        server.answer("/cf", ListServer.Answer.ok("application/json", LiveAddressSetRefreshTest.CLOUDFLARE_JSON));
        try (LiveAddressSet live = LiveAddressSet.start("cloudflare@" + server.url("/cf"), "trustedProxies",
                settings().build())) {
            AddressSet before = live.get();
            server.answer("/cf", ListServer.Answer.ok("application/json", cloudflareJson(ALL_SLASH_8)));
            live.refreshNow();
            assertThat(live.get()).isEqualTo(before);
            assertThat(live.statuses().get(0).lastError()).contains("merge into 0.0.0.0/0");
        }
    }

    @Test
    void everySlash8InTheCacheFileIsRefused(@TempDir Path cacheDir) throws Exception {
        RefreshSettings cached = settings().cacheDirectory(cacheDir).build();
        server.answer("/list", ListServer.Answer.ok("text/plain", GOOD));
        try (LiveAddressSet live = LiveAddressSet.start(server.url("/list"), "trustedProxies", cached)) {
            assertThat(live.get().contains("198.51.100.1")).isTrue();
        }
        Path file;
        try (var files = Files.list(cacheDir)) {
            file = files.toList().get(0);
        }
        Files.writeString(file, "# OriginGuard cache\n" + ALL_SLASH_8 + "\n");
        server.answer("/list", ListServer.Answer.status(503));
        assertThatThrownBy(() -> LiveAddressSet.start(server.url("/list"), "trustedProxies", cached))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("HTTP 503");
        try (LiveAddressSet live = LiveAddressSet.start(server.url("/list"), "trustedProxies",
                settings().cacheDirectory(cacheDir).startupPolicy(StartupPolicy.CACHE_ELSE_EMPTY).build())) {
            assertThat(live.get().isEmpty()).isTrue();
            assertThat(live.statuses().get(0).fromCache()).isFalse();
        }
    }

    @Test
    void twoIpv6Slash24sMergingIntoASlash23AreRefused() {
        server.answer("/list", ListServer.Answer.ok("text/plain", TWO_V6_SLASH_24));
        assertThatThrownBy(() -> LiveAddressSet.start(server.url("/list"), "trustedProxies", settings().build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("merge into 2001:c00::/23, broader than the minimum /24 for IPv6");
        server.answer("/list", ListServer.Answer.ok("text/plain", "2001:c00::/24\n2001:f00::/24\n"));
        try (LiveAddressSet live = LiveAddressSet.start(server.url("/list"), "trustedProxies", settings().build())) {
            assertThat(live.get().cidrs()).containsExactly("2001:c00::/24", "2001:f00::/24");
        }
    }

    @Test
    void replacingTheListWithSlash128sIsADropEvenWhenTheCountStays() {
        String twenty = IntStream.range(0, 20).mapToObj(i -> "10.1." + (2 * i) + ".0/24")
                .collect(Collectors.joining("\n"));
        server.answer("/list", ListServer.Answer.ok("text/plain", twenty));
        try (LiveAddressSet live = LiveAddressSet.start(server.url("/list"), "trustedProxies", settings().build())) {
            AddressSet before = live.get();
            String swapped = IntStream.range(1, 21).mapToObj(i -> "2001:db8::" + Integer.toHexString(2 * i))
                    .collect(Collectors.joining("\n"));
            server.answer("/list", ListServer.Answer.ok("text/plain", swapped));
            live.refreshNow();
            assertThat(live.get()).isEqualTo(before);
            assertThat(live.statuses().get(0).lastError()).contains("dropped 20 of the previous 20 CIDR blocks");
        }
    }

    @Test
    void aSuddenLargeGrowthIsRefused() {
        server.answer("/list", ListServer.Answer.ok("text/plain", GOOD));
        try (LiveAddressSet live = LiveAddressSet.start(server.url("/list"), "trustedProxies", settings().build())) {
            AddressSet before = live.get();
            // 768 IPv4 addresses, then a /16 more: each entry fine, the growth is not.
            server.answer("/list", ListServer.Answer.ok("text/plain", GOOD + "100.64.0.0/16\n"));
            live.refreshNow();
            assertThat(live.get()).isEqualTo(before);
            assertThat(live.statuses().get(0).lastError()).contains("the list grew from 4 to 5 CIDR blocks")
                    .contains("IPv4").contains("raise maxGrowthFraction");
        }
    }

    @Test
    void aFewNonAdjacentSlash8sPassTheMergeCheckButNotTheAddressCap() {
        server.answer("/list", ListServer.Answer.ok("text/plain", "10.0.0.0/8\n12.0.0.0/8\n14.0.0.0/8\n"));
        assertThatThrownBy(() -> LiveAddressSet.start(server.url("/list"), "trustedProxies", settings().build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("hold 50331648 IPv4 addresses, more than maxIpv4Addresses=33554432");
    }

    @Test
    void inlineEntriesAndASourceThatTogetherCoverTooMuchAreRefused() {
        server.answer("/list", ListServer.Answer.ok("text/plain", "10.0.0.0/8\n"));
        assertThatThrownBy(() -> LiveAddressSet.start("11.0.0.0/8, " + server.url("/list"), "trustedProxies",
                settings().build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("trustedProxies: the inline entries and sources together merge into 10.0.0.0/7");
        // Two sources that are each fine, together a /7.
        server.answer("/other", ListServer.Answer.ok("text/plain", "11.0.0.0/8\n"));
        assertThatThrownBy(() -> LiveAddressSet.start(server.url("/list") + " " + server.url("/other"),
                "trustedProxies", settings().build()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("10.0.0.0/7");
    }

    @Test
    void aRefreshThatWouldMakeTheSettingTooBroadKeepsTheLastGoodSet() {
        server.answer("/list", ListServer.Answer.ok("text/plain", "10.0.0.0/9\n"));
        try (LiveAddressSet live = LiveAddressSet.start("11.0.0.0/8 " + server.url("/list"),
                "trustedProxies", settings().maxGrowthFraction(Double.POSITIVE_INFINITY).build())) {
            AddressSet before = live.get();
            assertThat(before.cidrs()).containsExactly("10.0.0.0/9", "11.0.0.0/8");
            server.answer("/list", ListServer.Answer.ok("text/plain", "10.0.0.0/8\n"));
            live.refreshNow();
            assertThat(live.get()).isEqualTo(before);
            assertThat(live.statuses().get(0).lastError()).contains("together merge into 10.0.0.0/7");
        }
    }

    @Test
    void broadInlinePresetsStayTheOperatorsChoice() throws Exception {
        String cf = ProviderFormatsTest.fixture("cloudflare-api-client-v4-ips.json").toString();
        // private holds fc00::/7, far broader than /24: written inline, it is not a poisoned list.
        try (LiveAddressSet live = LiveAddressSet.start("private, cloudflare@file:" + cf, "trustedProxies",
                settings().build())) {
            assertThat(live.get().contains("fd00::1")).isTrue();
            assertThat(live.get().contains("173.245.48.1")).isTrue();
        }
    }

    @Test
    void realProviderSnapshotsAreStillAccepted() throws Exception {
        String aws = ProviderFormatsTest.fixture("aws-ip-ranges.json").toString();
        String azure = ProviderFormatsTest.fixture("azure-ServiceTags_Public.json").toString();
        String cf = ProviderFormatsTest.fixture("cloudflare-api-client-v4-ips.json").toString();
        String fastly = ProviderFormatsTest.fixture("fastly-public-ip-list.json").toString();
        String setting = String.join(" ", List.of("private", "loopback", "cloudflare@file:" + cf,
                "aws:CLOUDFRONT@file:" + aws, "aws:CLOUDFRONT_ORIGIN_FACING@file:" + aws, "fastly@file:" + fastly,
                "azure:AzureFrontDoor.Backend@file:" + azure, "azure:AzureFrontDoor.Frontend@file:" + azure,
                "azure:AzureFrontDoor.FirstParty@file:" + azure, "azure:AzureFrontDoor.MicrosoftSecurity@file:" + azure));
        try (LiveAddressSet live = LiveAddressSet.start(setting, "trustedProxies", RefreshSettings.defaults())) {
            assertThat(live.statuses()).hasSize(8).allMatch(SourceStatus::healthy);
            assertThat(live.get().contains("173.245.48.1")).isTrue();
            live.refreshNow();
            assertThat(live.statuses()).allMatch(SourceStatus::healthy);
        }
    }
}
