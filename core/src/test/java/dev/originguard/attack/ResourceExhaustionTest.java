package dev.originguard.attack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.AddressSet;
import dev.originguard.ClientIpResolver;
import dev.originguard.Resolution;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hostile sizes at the resolver: 64 KiB header lines, 10,000 hops on one line and on 10,000 lines. The
 * work is bounded by {@code maxHops} and {@code maxHeaderLength}; these tests show it by outcome (LIMIT,
 * the hop count) and by indifference (what lies beyond the read budget cannot change the result, so it is
 * not read). Speed is measured by the JMH benchmarks, never asserted here.
 */
class ResourceExhaustionTest {

    private static final int KIB_64 = 64 * 1024;
    private static final String PEER = "10.0.0.1";

    private final ClientIpResolver resolver = ClientIpResolver.builder()
            .trustedProxies(AddressSet.of("10.0.0.0/8"))
            .build();

    /** {@code count} entries {@code entry} joined by commas, then {@code tail}. */
    private static String chain(String entry, int count, String tail) {
        return String.join(",", Collections.nCopies(count, entry)) + tail;
    }

    private static String padTo(int length, char c, String tail) {
        return String.valueOf(c).repeat(length - tail.length()) + tail;
    }

    @Test
    void a64KibLineWithTheClientOnTheRightIsResolvedFromTheRight() {
        String line = padTo(KIB_64, ',', ", 203.0.113.7, 10.0.0.2");
        assertThat(line).hasSize(KIB_64);

        Resolution r = resolver.resolve(PEER, line);

        assertThat(r.rule()).isEqualTo(Resolution.Rule.FORWARDED);
        assertThat(r.clientIp()).isEqualTo("203.0.113.7");
        assertThat(r.trustedHops()).containsExactly("10.0.0.1", "10.0.0.2");
    }

    @Test
    void a64KibSingleEntryIsNotRead() {
        Resolution r = resolver.resolve(PEER, padTo(KIB_64, '1', ""));

        assertThat(r.rule()).isEqualTo(Resolution.Rule.LIMIT);
        assertThat(r.clientIp()).isEqualTo(PEER);
        assertThat(r.clientKnown()).isFalse();
        assertThat(r.rateLimitExempt()).isFalse();
    }

    @Test
    void emptyElementsCountAgainstTheCharacterBudget() {
        Resolution r = resolver.resolve(PEER, padTo(KIB_64, ',', "1.2.3.4"));

        assertThat(r.rule()).isEqualTo(Resolution.Rule.FORWARDED);
        assertThat(r.clientIp()).isEqualTo("1.2.3.4");
        assertThat(resolver.resolve(PEER, "1.2.3.4" + ",".repeat(KIB_64)).rule()).isEqualTo(Resolution.Rule.LIMIT);
    }

    @Test
    void whatLiesBeyondTheReadBudgetCannotChangeTheResult() {
        // 20 hops of "10.0.0.2," are 180 characters: well inside the 8192-character budget.
        String tail = "," + chain("10.0.0.2", 20, "");
        Resolution garbage = resolver.resolve(PEER, padTo(KIB_64, 'x', tail));
        Resolution forged = resolver.resolve(PEER, padTo(KIB_64 - 9, ',', "1.2.3.4, ") + tail);

        assertThat(garbage.rule()).isEqualTo(forged.rule()).isEqualTo(Resolution.Rule.LIMIT);
        assertThat(garbage.clientIp()).isEqualTo(forged.clientIp()).isEqualTo("10.0.0.2");
    }

    @Test
    void tenThousandHopsOnOneLineStopAtMaxHops() {
        Resolution r = resolver.resolve(PEER, chain("10.0.0.2", 10_000, ""));

        assertThat(r.rule()).isEqualTo(Resolution.Rule.LIMIT);
        assertThat(r.clientIp()).isEqualTo("10.0.0.2");
        assertThat(r.clientKnown()).isFalse();
        assertThat(r.trustedHops()).hasSize(ClientIpResolver.DEFAULT_MAX_HOPS + 1);
    }

    @Test
    void tenThousandHeaderLinesStopAtMaxHops() {
        List<String> lines = Collections.nCopies(10_000, "10.0.0.2");

        Resolution r = resolver.resolve(PEER, lines);

        assertThat(r.rule()).isEqualTo(Resolution.Rule.LIMIT);
        assertThat(r.clientIp()).isEqualTo("10.0.0.2");
        assertThat(r.trustedHops()).hasSize(ClientIpResolver.DEFAULT_MAX_HOPS + 1);
    }

    @Test
    void tenThousandEmptyHeaderLinesStopAtTheCharacterBudget() {
        List<String> lines = new java.util.ArrayList<>(Collections.nCopies(10_000, ""));
        lines.set(0, "1.2.3.4");

        Resolution r = resolver.resolve(PEER, lines);

        assertThat(r.rule()).isEqualTo(Resolution.Rule.LIMIT);
        assertThat(r.clientIp()).isEqualTo(PEER);
    }

    @Test
    void tenThousandHopsAtTheLargestLimitsAreStillBounded() {
        ClientIpResolver generous = ClientIpResolver.builder()
                .trustedProxies(AddressSet.of("10.0.0.0/8"))
                .maxHops(1000)
                .maxHeaderLength(1 << 20)
                .build();

        Resolution r = generous.resolve(PEER, chain("10.0.0.2", 10_000, ""));

        assertThat(r.rule()).isEqualTo(Resolution.Rule.LIMIT);
        assertThat(r.trustedHops()).hasSize(1001);
    }

    @Test
    void anUntrustedPeerCostsNothingWhateverItSends() {
        Resolution r = resolver.resolve("203.0.113.7", Collections.nCopies(10_000, padTo(KIB_64, '1', "")));

        assertThat(r.rule()).isEqualTo(Resolution.Rule.DIRECT);
        assertThat(r.clientIp()).isEqualTo("203.0.113.7");
    }
}
