package dev.originguard.attack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.AddressSet;
import dev.originguard.ClientIpResolver;
import dev.originguard.Resolution;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every core-layer row of the spoofing catalogue through {@link ClientIpResolver}, through both
 * the one-line and the list API. Filter-layer rows (header-name variants: a container concern) are
 * skipped here; the servlet-filter suite replays them over real HTTP.
 */
class SpoofingCatalogueTest {

    /** The bypass classes the catalogue must cover (issue: attack and fault suite, item 2). */
    private static final Set<String> REQUIRED_CLASSES = Set.of("forged-leftmost", "multiple-lines",
            "forwarded-vs-xff", "header-name-variant", "ipv4-mapped", "nat64", "6to4", "short-ipv4", "zone-id",
            "unknown-obfuscated", "oversized", "control-chars", "non-ascii-digits");

    // Filter-layer rows (header-name variants) need a container; the servlet-filter suite replays them.
    static Stream<SpoofingCatalogue.Row> rows() {
        return SpoofingCatalogue.rows().stream().filter(SpoofingCatalogue.Row::coreLayer);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void resolvesAsCatalogued(SpoofingCatalogue.Row row) {
        ClientIpResolver resolver = ClientIpResolver.builder()
                .trustedProxies(AddressSet.builder().addAll(row.trusted(), "catalogue row " + row.id()).build())
                .header(row.header())
                .build();

        Resolution r = resolver.resolve(row.peer(), row.lines());

        assertThat(r.clientIp()).as("%s client", row.id()).isEqualTo(row.client());
        assertThat(r.rule()).as("%s rule", row.id()).isEqualTo(Resolution.Rule.valueOf(row.rule()));
        assertThat(r.clientKnown()).as("%s clientKnown", row.id()).isEqualTo(row.known());
        if (!row.known()) {
            assertThat(r.rateLimitExempt()).as("%s: a client not known is never exempt", row.id()).isFalse();
        }
        if (row.lines().size() <= 1) {
            Resolution single = resolver.resolve(row.peer(), row.lines().isEmpty() ? null : row.lines().get(0));
            assertThat(single.clientIp()).isEqualTo(r.clientIp());
            assertThat(single.rule()).isEqualTo(r.rule());
        }
    }

    @Test
    void coversEveryBypassClass() {
        Set<String> covered = SpoofingCatalogue.rows().stream().map(SpoofingCatalogue.Row::bypassClass).collect(Collectors.toSet());
        assertThat(covered).containsAll(REQUIRED_CLASSES);
    }

    @Test
    void everyRowHasAUniqueIdAReasonAndAKnownLayer() {
        List<SpoofingCatalogue.Row> rows = SpoofingCatalogue.rows();
        assertThat(rows).extracting(SpoofingCatalogue.Row::id).doesNotHaveDuplicates();
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.reason()).isNotBlank();
            assertThat(row.layer()).isIn("core", "filter");
        });
        assertThat(rows).filteredOn(row -> row.layer().equals("filter"))
                .allMatch(row -> row.bypassClass().equals("header-name-variant"));
    }

    @Test
    void decodesEscapesAndRepeats() {
        assertThat(SpoofingCatalogue.lines("-")).isEmpty();
        assertThat(SpoofingCatalogue.lines("a\\nb\\x00\\u00a0\\t\\\\")).containsExactly("a", "b\u0000\u00a0\t\\");
        assertThat(SpoofingCatalogue.lines("{3*x,}y")).containsExactly("x,x,x,y");
        assertThat(SpoofingCatalogue.lines("{2*z\\n}")).containsExactly("z", "z", "");
    }
}
