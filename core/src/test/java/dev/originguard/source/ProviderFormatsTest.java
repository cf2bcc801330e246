package dev.originguard.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.originguard.AddressSet;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every provider fixture parses to its exact expected counts: entries read, and canonical CIDR blocks. */
class ProviderFormatsTest {

    static Path fixture(String name) {
        try {
            return Path.of(ProviderFormatsTest.class.getResource("/provider-lists/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static AddressSet compile(List<ListEntry> entries) throws RefreshFailure {
        return ListValidation.compile(entries, null, RefreshSettings.defaults(), "test");
    }

    @ParameterizedTest(name = "{0} {1} -> {3} entries, {4} CIDR blocks")
    @CsvSource({
        "cloudflare-ips-v4.txt,                   CLOUDFLARE,  ,                          15,  15",
        "cloudflare-ips-v6.txt,                   CLOUDFLARE,  ,                           7,   7",
        "cloudflare-api-client-v4-ips.json,       CLOUDFLARE,  ,                          22,  22",
        "fastly-public-ip-list.json,              FASTLY,      ,                          21,  21",
        "aws-ip-ranges.json,                      AWS,         CLOUDFRONT_ORIGIN_FACING,  54,  49",
        "aws-ip-ranges.json,                      AWS,         CLOUDFRONT,               220, 196",
        "azure-ServiceTags_Public.json,           AZURE,       AzureFrontDoor.Backend,   170, 170",
        "azure-ServiceTags_Public.json,           AZURE,       AzureFrontDoor.Frontend,  192, 192",
        "akamai-origin-ip-acl-v4-2024-legacy.txt, TEXT,        ,                          19,  19",
        "akamai-origin-ip-acl-v6-2024-legacy.txt, TEXT,        ,                           3,   3",
        "akamai-origin-ip-acl-2025-current.txt,   TEXT,        ,                           9,   9",
        "akamai-origin-ip-acl-2025-removed.txt,   TEXT,        ,                          16,  14",
        "alibaba-waf2-describe-waf-source-ip-segment.json, ALIBABA_WAF, ,                 26,  24",
        "alibaba-waf3-describe-waf-source-ip-segment.json, ALIBABA_WAF, ,                 16,  15",
        "alibaba-ddos-describe-back-source-cidr.json,      ALIBABA_DDOS, ,                 4,   3",
    })
    void fixtureParsesToExactCounts(String file, ListFormat format, String selector, int entries, int cidrs)
            throws Exception {
        Path path = fixture(file);
        String body = ListFetcher.decode(Files.readAllBytes(path), path);
        List<ListEntry> parsed = format.parse(body, selector, "file:" + path);
        assertThat(parsed).hasSize(entries);
        assertThat(compile(parsed).cidrs()).hasSize(cidrs);
    }

    @Test
    void textEntriesNameFileAndLine() throws Exception {
        Path path = fixture("akamai-origin-ip-acl-v4-2024-legacy.txt");
        List<ListEntry> parsed = ListFormat.TEXT.parse(Files.readString(path), null, "file:" + path);
        // trailing tabs stripped, missing final newline tolerated
        assertThat(parsed.get(0)).isEqualTo(new ListEntry("23.32.0.0/11", "file:" + path + ":1"));
        assertThat(parsed.get(18)).isEqualTo(new ListEntry("184.84.0.0/14", "file:" + path + ":19"));
    }

    @Test
    void cloudflareTextAndJsonAgree() throws Exception {
        String v4 = Files.readString(fixture("cloudflare-ips-v4.txt"));
        String v6 = Files.readString(fixture("cloudflare-ips-v6.txt"));
        String json = Files.readString(fixture("cloudflare-api-client-v4-ips.json"));
        AddressSet text = compile(ListFormat.CLOUDFLARE.parse(v4 + "\n" + v6, null, "t"));
        assertThat(compile(ListFormat.CLOUDFLARE.parse(json, null, "j"))).isEqualTo(text);
    }

    @Test
    void edgeOneDeprecatedResponseIsRefused() throws Exception {
        String body = Files.readString(fixture("edgeone-api-ips-deprecated-response.txt"));
        List<ListEntry> parsed = ListFormat.TEXT.parse(body, null, "https://api.edgeone.ai/ips");
        assertThat(parsed).extracting(ListEntry::value).containsExactly("0.0.0.0/0", "::/0");
        assertThatThrownBy(() -> compile(parsed)).isInstanceOf(RefreshFailure.class)
                .hasMessageContaining("https://api.edgeone.ai/ips line 3").hasMessageContaining("'0.0.0.0/0'")
                .hasMessageContaining("covers every address");
    }

    @Test
    void unknownAzureTagAndAlibabaErrorResponseAreNamed() {
        assertThatThrownBy(() -> ListFormat.AZURE.parse("{\"values\":[]}", "AzureFrontDoor.Backend", "f"))
                .hasMessageContaining("'AzureFrontDoor.Backend' not found");
        assertThatThrownBy(() -> ListFormat.ALIBABA_WAF.parse(
                "{\"Code\":\"Forbidden.RAM\",\"Message\":\"denied\"}", null, "f"))
                .hasMessageContaining("Code=Forbidden.RAM");
    }

    @Test
    void cloudflareUnsuccessfulAnswerIsRefused() {
        assertThatThrownBy(() -> ListFormat.CLOUDFLARE.parse(
                "{\"result\":null,\"success\":false,\"errors\":[{\"code\":10000}]}", null, "cf"))
                .hasMessageContaining("success=false");
    }

    @Test
    void entryBroaderThanMinimumPrefixIsRefused() {
        List<ListEntry> entries = List.of(new ListEntry("10.0.0.0/24", "u line 1"), new ListEntry("8.0.0.0/7", "u line 2"));
        assertThatThrownBy(() -> compile(entries)).hasMessageContaining("u line 2")
                .hasMessageContaining("'8.0.0.0/7'").hasMessageContaining("minimum /8");
        assertThatThrownBy(() -> compile(List.of(new ListEntry("2001::/16", "u line 1"))))
                .hasMessageContaining("minimum /24 for IPv6");
    }

    @Test
    void namesAndPresetsAreNotAcceptedInAFetchedList() {
        assertThatThrownBy(() -> compile(List.of(new ListEntry("private", "u line 4"))))
                .hasMessageContaining("u line 4: 'private' is not an IP address");
    }

    @Test
    void akamai2025ChangeIsALargeDropThatNeedsTheSetting() throws Exception {
        String legacy = Files.readString(fixture("akamai-origin-ip-acl-v4-2024-legacy.txt")) + "\n"
                + Files.readString(fixture("akamai-origin-ip-acl-v6-2024-legacy.txt"));
        String current = Files.readString(fixture("akamai-origin-ip-acl-2025-current.txt"));
        AddressSet before = compile(ListFormat.TEXT.parse(legacy, null, "old"));
        List<ListEntry> after = ListFormat.TEXT.parse(current, null, "new");
        assertThatThrownBy(() -> ListValidation.compile(after, before, RefreshSettings.defaults(), "akamai"))
                .hasMessageContaining("of the previous 22 CIDR blocks");
        AddressSet accepted = ListValidation.compile(after, before,
                RefreshSettings.builder().maxDropFraction(1.0).build(), "akamai");
        RangeDiff diff = RangeDiff.between(before, accepted);
        assertThat(diff.added()).isEmpty();
        assertThat(diff.removed()).hasSize(13);
    }
}
