package dev.originguard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.settings.ClientIpSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The multi-provider topologies of {@code topologies.tsv} through the resolver: each configuration's text is
 * parsed as {@code clientIpSources} is, each source's set built from its entries, each row resolved.
 */
class TopologyTableTest {

    static final Path FILE = Path.of("src", "test", "resources", "topologies.tsv");

    /** The ranges each configuration's {@code {cf}}, {@code {ali}} and {@code {lb}} stand for here. */
    static final Map<String, String> SETS = Map.of(
            "{cf}", "173.245.48.0/20, 2400:cb00::/32",
            "{ali}", "47.89.1.160/27, 2408:4000:100::/48",
            "{lb}", "10.0.0.0/8, fd00::/8");

    static final Map<String, String> PEERS = Map.of(
            "lb", "10.0.0.5", "lb6", "fd00::5", "cf", "173.245.48.5", "cf6", "2400:cb00::5",
            "ali", "47.89.1.170", "stranger", "192.0.2.99");

    /** One row of the table. */
    record Row(String id, String config, String peer, Map<String, String> headers, String client, String rule,
               String why) {
        @Override
        public String toString() {
            return id + " " + config + ": " + why;
        }
    }

    /** The configurations, by name, as written. */
    static Map<String, String> configs(List<String> lines) {
        Map<String, String> configs = new HashMap<>();
        for (String line : lines) {
            if (line.startsWith("config\t")) {
                String[] f = line.split("\t");
                configs.put(f[1], f[2]);
            }
        }
        return configs;
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Row> rows(List<String> lines) {
        List<Row> rows = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("config\t")) {
                continue;
            }
            String[] f = line.split("\t");
            Map<String, String> headers = new HashMap<>();
            String[] names = {"CF-Connecting-IP", "Ali-Cdn-Real-Ip", "X-Forwarded-For"};
            for (int i = 0; i < names.length; i++) {
                if (!f[3 + i].equals("-")) {
                    headers.put(names[i], f[3 + i]);
                }
            }
            rows.add(new Row(f[0], f[1], f[2], headers, f[6], f[7], f[8]));
        }
        return rows;
    }

    static String substitute(String config, Map<String, String> sets) {
        String text = config;
        for (Map.Entry<String, String> e : sets.entrySet()) {
            text = text.replace(e.getKey(), e.getValue());
        }
        return text;
    }

    static Stream<Arguments> rows() {
        return rows(lines(FILE)).stream().map(Arguments::of);
    }

    private static ClientIpResolver resolver(String config) {
        ClientIpSources sources = ClientIpSources.parse(substitute(configs(lines(FILE)).get(config), SETS));
        ClientIpResolver.Builder b = ClientIpResolver.builder();
        for (ClientIpSources.Source s : sources.sources()) {
            b.source(s.header(), AddressSet.of(s.from().text().split(",\\s*")));
        }
        return b.build();
    }

    private static final HeaderReader<Map<String, String>> READER =
            (headers, name) -> headers.containsKey(name) ? List.of(headers.get(name)) : List.of();

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theWalkFindsTheTablesClient(Row row) {
        String peer = PEERS.get(row.peer());
        Resolution r = resolver(row.config()).resolve(peer, row.headers(), READER, PeerCheck.VERIFIED);

        assertThat(r.clientIp()).as(row.why()).isEqualTo(row.client().equals("peer") ? peer : row.client());
        assertThat(r.rule()).as(row.why()).hasToString(row.rule());
        assertThat(r.clientKnown()).isEqualTo(!row.rule().equals("MALFORMED") && !row.rule().equals("LIMIT"));
    }

    @Test
    void theTableCoversEveryTopologyWithIpv6AndForgeries() {
        List<Row> rows = rows(lines(FILE));
        assertThat(rows).extracting(Row::config).contains("cf-lb", "ali-slb", "both", "lb");
        assertThat(rows).filteredOn(r -> r.peer().endsWith("6")).extracting(Row::config)
                .contains("cf-lb", "ali-slb", "both", "lb");
        assertThat(rows).filteredOn(r -> r.headers().values().stream().anyMatch(v -> v.contains("203.0.113.66")))
                .extracting(Row::config).contains("cf-lb", "ali-slb", "both", "lb");
    }

    @Test
    void trustedHopsListEveryHopAcrossHeadersNearestFirst() {
        ClientIpResolver resolver = ClientIpResolver.builder()
                .source("CF-Connecting-IP", AddressSet.of("173.245.48.0/20"))
                .source("X-Forwarded-For", AddressSet.of("10.0.0.0/8"))
                .source("Forwarded", AddressSet.of("192.168.0.0/16"))
                .build();
        Map<String, String> headers = Map.of("Forwarded", "for=10.0.0.9",
                "X-Forwarded-For", "198.51.100.7, 173.245.48.5", "CF-Connecting-IP", "198.51.100.7");

        Resolution r = resolver.resolve("192.168.1.1", headers, READER, PeerCheck.VERIFIED);

        assertThat(r.clientIp()).isEqualTo("198.51.100.7");
        assertThat(r.trustedHops()).containsExactly("192.168.1.1", "10.0.0.9", "173.245.48.5");
    }

    @Test
    void aPeerWithoutTheProofIsDirectAndItsHeadersIgnored() {
        Resolution r = resolver("both").resolve("173.245.48.5", Map.of("CF-Connecting-IP", "198.51.100.7"), READER,
                PeerCheck.UNVERIFIED);

        assertThat(r.rule()).isEqualTo(Resolution.Rule.DIRECT);
        assertThat(r.peerInTrustedRanges()).isTrue();
        assertThat(r.clientIpHeaderIgnored()).isTrue();
    }

    @Test
    void oneSourceIsTheOneHeaderWalk() {
        ClientIpResolver one = ClientIpResolver.builder().source("X-Real-IP", AddressSet.of("10.0.0.0/8")).build();

        assertThat(one.walksSources()).isFalse();
        assertThat(one.headerName()).isEqualTo("X-Real-IP");
        assertThat(one.resolve("10.0.0.1", "198.51.100.7").clientIp()).isEqualTo("198.51.100.7");
    }

    @Test
    void theHopLimitCountsEntriesAcrossHeaders() {
        ClientIpResolver resolver = ClientIpResolver.builder()
                .source("X-Forwarded-For", AddressSet.of("10.0.0.0/8"))
                .source("Forwarded", AddressSet.of("192.168.0.0/16"))
                .maxHops(2)
                .build();
        Resolution r = resolver.resolve("192.168.1.1", Map.of("Forwarded", "for=10.0.0.9",
                "X-Forwarded-For", "198.51.100.7, 10.0.0.8"), READER, PeerCheck.VERIFIED);

        assertThat(r.rule()).isEqualTo(Resolution.Rule.LIMIT);
        assertThat(r.clientIp()).isEqualTo("10.0.0.8");
    }

    @Test
    void cgnatIsThePresetBesidePrivate() {
        AddressSet cgnat = AddressSet.of("cgnat");

        assertThat(cgnat.cidrs()).containsExactly("100.64.0.0/10");
        assertThat(cgnat.contains("100.127.255.255")).isTrue();
        assertThat(cgnat.contains("100.128.0.0")).isFalse();
        assertThat(AddressSet.of("private").contains("100.64.0.1")).isFalse();
    }

    @Test
    void clientIpSourcesRefusesWhatItCannotHonour() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClientIpSources.parse("X-Forwarded-For 10.0.0.0/8"))
                .hasMessageContaining("clientIpSources").hasMessageContaining("<header> from <proxies>");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClientIpSources.parse("X-Real-IP from"))
                .hasMessageContaining("names no proxies");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> ClientIpSources.parse("X-Real-IP from private; x-real-ip from cloudflare"))
                .hasMessageContaining("a second time");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.originguard.settings.SettingsText.read(
                Map.of("clientIpSources", "X-Real-IP from private", "clientIpHeader", "X-Real-IP"),
                dev.originguard.settings.SettingsText.INIT_PARAMS)).hasMessageContaining("cannot be set with clientIpHeader");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.originguard.settings.SettingsText.read(
                Map.of("clientIpSources", "CF-Connecting-IP from cloudflair"),
                dev.originguard.settings.SettingsText.INIT_PARAMS)).hasMessageContaining("clientIpSources[CF-Connecting-IP]")
                .hasMessageContaining("cloudflair");
    }
}
