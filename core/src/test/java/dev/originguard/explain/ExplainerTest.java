package dev.originguard.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.Resolution;
import dev.originguard.settings.OriginGuardSettings;
import dev.originguard.settings.SettingsText;
import dev.originguard.source.RangeOrigin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainerTest {

    @TempDir
    Path dir;

    private StartedSets start(Map<String, String> initParams) {
        OriginGuardSettings settings = SettingsText.read(initParams, SettingsText.INIT_PARAMS);
        return StartedSets.start(settings);
    }

    private static ExplainRequest request(String peer, String method, String path, String... headers) {
        return new ExplainRequest(peer, java.util.Arrays.stream(headers).map(ExplainRequest.Header::parse).toList(),
                method, path);
    }

    private Path cloudflareList() throws IOException {
        Path list = dir.resolve("cloudflare-v4.txt");
        Files.writeString(list, "173.245.48.0/20\n103.21.244.0/22\n2400:cb00::/32\n");
        return list;
    }

    @Test
    void threeHopsThroughCloudflareAndTwoLoadBalancersNameWhatTrustedEach() throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("trustedProxies", "cloudflare@file:" + cloudflareList() + ", private");
        params.put("lockOrigin", "on");
        params.put("rateLimit", "100/1m");
        params.put("rateLimitPaths", "POST /login=5/1m; /health=off");
        try (StartedSets sets = start(params)) {
            Explanation e = sets.explainer().explain(request("10.0.0.5", "POST", "/login",
                    "X-Forwarded-For: 203.0.113.66, 198.51.100.7, 173.245.48.5, 10.0.0.9"));

            assertThat(e.client()).isEqualTo("198.51.100.7");
            assertThat(e.rule()).isEqualTo(Resolution.Rule.FORWARDED);
            assertThat(e.clientKnown()).isTrue();
            assertThat(e.trustedHops()).extracting(Explanation.Hop::address)
                    .containsExactly("10.0.0.5", "10.0.0.9", "173.245.48.5");
            assertThat(e.trustedHops()).extracting(Explanation.Hop::matchedEntry)
                    .containsExactly("private: 10.0.0.0/8", "private: 10.0.0.0/8", "cloudflare: 173.245.48.0/20");
            assertThat(e.trustedHops().get(2).source()).isEqualTo("cloudflare@file:" + cloudflareList());
            assertThat(e.lock()).isEqualTo(LockDecision.ALLOW);
            assertThat(e.rateLimitKey()).isEqualTo("198.51.100.7");
            assertThat(e.rateLimitRule()).isEqualTo("POST /login=5/1m");
            assertThat(e.rateLimitExempt()).isFalse();
            assertThat(e.json()).startsWith("{\"client\":\"198.51.100.7\",\"peer\":\"10.0.0.5\"")
                    .contains("\"rule\":\"FORWARDED\"", "\"clientKnown\":true", "\"lock\":\"allow\"",
                            "\"rateLimitRule\":\"POST /login=5/1m\"", "\"rateLimitExempt\":false",
                            "{\"address\":\"173.245.48.5\",\"set\":\"trustedProxies\",\"matchedEntry\":");
            assertThat(e.text()).contains("hop 2  173.245.48.5", "client 198.51.100.7 (rule FORWARDED, known)");

            Explanation get = sets.explainer().explain(request("10.0.0.5", "GET", "/login",
                    "X-Forwarded-For: 198.51.100.7"));
            assertThat(get.rateLimitRule()).isEqualTo("default 100/1m");
        }
    }

    @Test
    void theLockDecidesInTheFiltersOrder() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("trustedProxies", "203.0.113.0/24");
        params.put("directAllow", "loopback");
        params.put("lockOrigin", "on");
        params.put("lockOriginExemptPaths", "/health");
        try (StartedSets sets = start(params)) {
            Explainer explainer = sets.explainer();

            assertThat(explainer.explain(request("192.0.2.9", null, "/", "X-Forwarded-For: 1.2.3.4")).lock())
                    .isEqualTo(LockDecision.REFUSE);
            Explanation direct = explainer.explain(request("127.0.0.1", null, "/"));
            assertThat(direct.lock()).isEqualTo(LockDecision.DIRECT_ALLOW);
            assertThat(direct.peerMatch().matchedEntry()).isEqualTo("loopback: 127.0.0.0/8");
            assertThat(explainer.explain(request("192.0.2.9", null, "/health")).lock())
                    .isEqualTo(LockDecision.EXEMPT_PATH);
            assertThat(explainer.explain(request("192.0.2.9", null, "/health/../admin")).lock())
                    .as("a dot segment is never exempt").isEqualTo(LockDecision.REFUSE);
            assertThat(explainer.explain(request("192.0.2.9", null, "/health;x=1")).lock())
                    .isEqualTo(LockDecision.REFUSE);
        }
        params.put("lockOrigin", "report");
        try (StartedSets sets = start(params)) {
            assertThat(sets.explainer().explain(request("192.0.2.9", null, "/")).lock()).isEqualTo(LockDecision.REPORT);
        }
        params.put("lockOrigin", "off");
        try (StartedSets sets = start(params)) {
            assertThat(sets.explainer().explain(request("192.0.2.9", null, "/")).lock()).isEqualTo(LockDecision.ALLOW);
        }
    }

    @Test
    void exemptionsAndUnknownClientsAreExplained() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("trustedProxies", "10.0.0.0/8");
        params.put("rateLimitExempt", "198.51.100.0/24");
        params.put("rateLimit", "100/1m");
        params.put("rateLimitPaths", "/health=off");
        try (StartedSets sets = start(params)) {
            Explainer explainer = sets.explainer();

            Explanation exempt = explainer.explain(request("10.0.0.5", null, "/", "X-Forwarded-For: 198.51.100.7"));
            assertThat(exempt.rateLimitExempt()).isTrue();
            assertThat(exempt.rateLimitReason()).isEqualTo("in rateLimitExempt: 198.51.100.0/24");

            Explanation proxy = explainer.explain(request("10.0.0.5", null, "/"));
            assertThat(proxy.rule()).isEqualTo(Resolution.Rule.PROXY);
            assertThat(proxy.rateLimitReason()).contains("exemptTrustedProxies");

            Explanation unknown = explainer.explain(request("10.0.0.5", null, "/", "X-Forwarded-For: unknown, 10.0.0.9"));
            assertThat(unknown.clientKnown()).isFalse();
            assertThat(unknown.client()).isEqualTo("10.0.0.9");
            assertThat(unknown.rateLimitExempt()).isFalse();
            assertThat(unknown.rateLimitReason()).contains("not known");

            Explanation health = explainer.explain(request("10.0.0.5", null, "/health", "X-Forwarded-For: 192.0.2.1"));
            assertThat(health.rateLimitRule()).isEqualTo("/health=off");
            assertThat(health.rateLimitReason()).contains("does not limit");
        }
    }

    @Test
    void aPeerInTheRangesWithoutTheOriginSecretIsDirect() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("trustedProxies", "10.0.0.0/8");
        params.put("originSecretHeader", "X-Origin-Secret");
        params.put("originSecret", "0123456789abcdef0123");
        try (StartedSets sets = start(params)) {
            Explanation without = sets.explainer().explain(request("10.0.0.5", null, "/", "X-Forwarded-For: 1.2.3.4"));
            Explanation with = sets.explainer().explain(request("10.0.0.5", null, "/", "X-Forwarded-For: 1.2.3.4",
                    "X-Origin-Secret: 0123456789abcdef0123"));

            assertThat(without.rule()).isEqualTo(Resolution.Rule.DIRECT);
            assertThat(without.verification()).contains("X-Origin-Secret");
            assertThat(without.text()).contains("in the trusted ranges, but no valid X-Origin-Secret header")
                    .doesNotContain("0123456789abcdef0123");
            assertThat(with.client()).isEqualTo("1.2.3.4");
        }
    }

    @Test
    void aRequiredProxyCertificateIsSaidToBeAssumed() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("trustedProxies", "10.0.0.0/8");
        params.put("proxyCertificate", "subject:CN=origin-pull.example.net");
        try (StartedSets sets = start(params)) {
            Explanation e = sets.explainer().explain(request("10.0.0.5", null, "/", "X-Forwarded-For: 1.2.3.4"));

            assertThat(e.assumption()).contains("proxy certificate");
            assertThat(e.text()).contains("assumed: the peer is assumed to present the proxy certificate");
            assertThat(e.json()).contains("\"assumption\":");
        }
        params.remove("proxyCertificate");
        try (StartedSets sets = start(params)) {
            assertThat(sets.explainer().explain(request("10.0.0.5", null, "/")).assumption()).isNull();
        }
    }

    @Test
    void rangesListEveryBlockWithItsEntryOrSourceAndFetchTime() throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("trustedProxies", "private, 192.0.2.7, cloudflare@file:" + cloudflareList());
        try (StartedSets sets = start(params)) {
            List<RangeOrigin> ranges = sets.ranges().get("trustedProxies");

            assertThat(ranges).extracting(RangeOrigin::toString).contains("private: 10.0.0.0/8", "192.0.2.7/32",
                    "cloudflare: 2400:cb00::/32");
            RangeOrigin fetched = ranges.stream().filter(RangeOrigin::fromSource).findFirst().orElseThrow();
            assertThat(fetched.location()).isEqualTo("file:" + cloudflareList());
            assertThat(fetched.fetchedAt()).isNotNull();
            assertThat(sets.ranges()).containsKeys("trustedProxies", "directAllow", "rateLimitExempt");
        }
    }
}
