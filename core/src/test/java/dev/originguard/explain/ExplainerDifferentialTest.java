package dev.originguard.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.AddressSet;
import dev.originguard.ClientIpResolver;
import dev.originguard.HeaderReader;
import dev.originguard.PeerCheck;
import dev.originguard.Resolution;
import dev.originguard.attack.SpoofingCatalogue;
import dev.originguard.settings.SettingsText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The explainer built from settings text agrees with a resolver built by hand from the same entries, on every
 * core row of the spoofing catalogue and every row of topologies.tsv: same client, rule, knowledge, key,
 * exemption and trusted hops, and every hop named with an entry that holds it.
 */
class ExplainerDifferentialTest {

    static Stream<SpoofingCatalogue.Row> catalogue() {
        return SpoofingCatalogue.rows().stream().filter(SpoofingCatalogue.Row::coreLayer);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void agreesWithTheResolverOnTheSpoofingCatalogue(SpoofingCatalogue.Row row) {
        ClientIpResolver resolver = ClientIpResolver.builder()
                .trustedProxies(AddressSet.builder().addAll(row.trusted(), "row " + row.id()).build())
                .header(row.header()).build();
        Resolution expected = resolver.resolve(row.peer(), row.lines());
        List<ExplainRequest.Header> headers = new ArrayList<>();
        for (String line : row.lines()) {
            headers.add(new ExplainRequest.Header(row.header(), line));
        }
        try (StartedSets sets = StartedSets.start(SettingsText.read(Map.of("trustedProxies",
                String.join(", ", row.trusted()), "clientIpHeader", row.header()), SettingsText.INIT_PARAMS))) {
            Explanation e = sets.explainer().explain(new ExplainRequest(row.peer(), headers, null, null));

            agree(row.id(), e, expected);
        }
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> topologies() {
        Path file = Path.of("src", "test", "resources", "topologies.tsv");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, String> configs = new HashMap<>();
        List<String[]> rows = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("config\t")) {
                String[] f = line.split("\t");
                configs.put(f[1], f[2]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                String[] f = line.split("\t");
                String[] withConfig = java.util.Arrays.copyOf(f, f.length + 1);
                withConfig[f.length] = configs.get(f[1]);
                rows.add(withConfig);
            }
        }
        return rows.stream().map(r -> org.junit.jupiter.params.provider.Arguments.of((Object) r));
    }

    private static final Map<String, String> SETS = Map.of(
            "{cf}", "173.245.48.0/20, 2400:cb00::/32",
            "{ali}", "47.89.1.160/27, 2408:4000:100::/48",
            "{lb}", "10.0.0.0/8, fd00::/8");
    private static final Map<String, String> PEERS = Map.of(
            "lb", "10.0.0.5", "lb6", "fd00::5", "cf", "173.245.48.5", "cf6", "2400:cb00::5",
            "ali", "47.89.1.170", "stranger", "192.0.2.99");
    private static final String[] HEADERS = {"CF-Connecting-IP", "Ali-Cdn-Real-Ip", "X-Forwarded-For"};

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void agreesWithTheResolverOnTheTopologies(String[] row) {
        String config = row[row.length - 1];
        for (Map.Entry<String, String> s : SETS.entrySet()) {
            config = config.replace(s.getKey(), s.getValue());
        }
        Map<String, String> headers = new HashMap<>();
        List<ExplainRequest.Header> lines = new ArrayList<>();
        for (int i = 0; i < HEADERS.length; i++) {
            if (!row[3 + i].equals("-")) {
                headers.put(HEADERS[i], row[3 + i]);
                lines.add(new ExplainRequest.Header(HEADERS[i], row[3 + i]));
            }
        }
        ClientIpResolver.Builder b = ClientIpResolver.builder();
        for (String source : config.split(";")) {
            String[] parts = source.strip().split("\\s+from\\s+", 2);
            b.source(parts[0], AddressSet.of(parts[1].split(",\\s*")));
        }
        HeaderReader<Map<String, String>> reader =
                (h, name) -> h.containsKey(name) ? List.of(h.get(name)) : List.of();
        String peer = PEERS.get(row[2]);
        Resolution expected = b.build().resolve(peer, headers, reader, PeerCheck.VERIFIED);
        try (StartedSets sets = StartedSets.start(SettingsText.read(Map.of("clientIpSources", config),
                SettingsText.INIT_PARAMS))) {
            Explanation e = sets.explainer().explain(new ExplainRequest(peer, lines, null, null));

            agree(row[0], e, expected);
            assertThat(e.client()).as(row[0]).isEqualTo(row[6].equals("peer") ? peer : row[6]);
        }
    }

    private static void agree(String id, Explanation e, Resolution expected) {
        assertThat(e.client()).as("%s client", id).isEqualTo(expected.clientIp());
        assertThat(e.rule()).as("%s rule", id).isEqualTo(expected.rule());
        assertThat(e.clientKnown()).as("%s known", id).isEqualTo(expected.clientKnown());
        assertThat(e.peerTrusted()).as("%s peer trusted", id).isEqualTo(expected.peerTrusted());
        assertThat(e.rateLimitKey()).as("%s key", id).isEqualTo(expected.rateLimitKey());
        assertThat(e.rateLimitExempt()).as("%s exempt", id).isEqualTo(expected.rateLimitExempt());
        assertThat(e.trustedHops()).extracting(Explanation.Hop::address).as("%s hops", id)
                .isEqualTo(expected.trustedHops());
        for (Explanation.Hop hop : e.trustedHops()) {
            assertThat(hop.set()).as("%s: %s is named with its set", id, hop.address()).isNotEqualTo("?");
            String cidr = hop.matchedEntry().substring(hop.matchedEntry().lastIndexOf(' ') + 1);
            assertThat(AddressSet.of(cidr).contains(hop.address())).as("%s: %s holds %s", id, cidr, hop.address())
                    .isTrue();
        }
    }
}
