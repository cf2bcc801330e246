package dev.originguard;

import dev.originguard.internal.AddressText;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fuzzes the whole resolver with hostile peers and header lines, through every header format, limits
 * small and default, and both with and without shared-secret verification. Invariants (docs/design.md):
 * <ul>
 *   <li>nothing throws, also when the resolution is read (text, key, hops, address);</li>
 *   <li>the client is the peer or an address written in the header, never invented;</li>
 *   <li>an untrusted (or unverified) peer is the client, rule DIRECT, headers ignored;</li>
 *   <li>rule FORWARDED: the client is not trusted, and every hop to its right is;</li>
 *   <li>PROXY, ALL_TRUSTED, MALFORMED, LIMIT: the client is a trusted proxy;</li>
 *   <li>MALFORMED and LIMIT mean not known, and a client not known is never exempt;</li>
 *   <li>several lines read as one comma-joined list.</li>
 * </ul>
 *
 * <p>Input (UTF-8): the first line is the peer (a lone digit 0-5 picks a fixed peer, so the fuzzer reaches
 * trusted peers at once); each further line is one header line; no newline means no header. Without
 * {@code JAZZER_FUZZ} this replays {@code ClientIpResolverFuzzTestInputs/resolve/}.
 */
class ClientIpResolverFuzzTest {

    private static final String[] PEERS = {"10.0.0.1", "[2001:db8:ffff::1]", "203.0.113.9", "::ffff:10.0.0.2",
        "0:0:0:0:0:0:0:1", "unix:/var/run/app.sock"};

    private static final AddressSet TRUSTED = AddressSet.of("10.0.0.0/8", "2001:db8:ffff::/48", "::1");
    private static final AddressSet EXEMPT = AddressSet.of("203.0.113.0/24");

    private static final List<ClientIpResolver> RESOLVERS = List.of(
            resolver("X-Forwarded-For").build(),
            resolver("X-Forwarded-For").maxHops(3).maxHeaderLength(64).build(),
            resolver("Forwarded").build(),
            resolver("Forwarded").maxHops(2).maxHeaderLength(32).exemptTrustedProxies(false).build(),
            resolver("X-Real-IP").build(),
            resolver("CF-Connecting-IP").headerAcceptedFrom(AddressSet.of("2001:db8:ffff::/48")).build());

    private static ClientIpResolver.Builder resolver(String header) {
        return ClientIpResolver.builder().trustedProxies(TRUSTED).rateLimitExempt(EXEMPT).header(header);
    }

    @FuzzTest(maxDuration = "5m")
    void resolve(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        List<String> parts = Arrays.asList(text.split("\n", -1));
        String peer = parts.get(0);
        if (peer.length() == 1 && peer.charAt(0) >= '0' && peer.charAt(0) <= '5') {
            peer = PEERS[peer.charAt(0) - '0'];
        }
        List<String> lines = parts.subList(1, parts.size());
        Set<String> written = addressesWrittenIn(lines);
        boolean peerTrusted = TRUSTED.contains(peer);

        for (ClientIpResolver resolver : RESOLVERS) {
            Resolution r = resolver.resolve(peer, lines);
            check(r, resolver, peer, peerTrusted, written);
            if (lines.size() == 1) {
                assertSame(resolver.resolve(peer, lines.get(0)), r);
            }
            if (lines.isEmpty()) {
                assertSame(resolver.resolve(peer, (String) null), r);
            }
            if (resolver.headerFormat() == HeaderFormat.LIST && lines.size() > 1
                    && String.join(",", lines).length() < resolver.maxHeaderLength()) {
                assertSame(resolver.resolve(peer, String.join(",", lines)), r);
            }

            Resolution unverified = resolver.resolve(peer, lines, PeerCheck.UNVERIFIED);
            check(unverified, resolver, peer, false, written);
            assertThat(unverified.rule()).isEqualTo(Resolution.Rule.DIRECT);
            assertThat(unverified.peerTrusted()).isFalse();
            assertThat(unverified.peerInTrustedRanges()).isEqualTo(r.peerInTrustedRanges());
            assertThat(r.peerInTrustedRanges()).isEqualTo(peerTrusted);
        }
    }

    private static void check(Resolution r, ClientIpResolver resolver, String peer, boolean peerTrusted,
                              Set<String> written) {
        String client = r.clientIp();
        String key = r.rateLimitKey();
        List<String> hops = r.trustedHops();
        r.clientAddress();
        assertThat(r.toString()).contains(client);
        assertThat(key).isNotNull();

        String canonicalPeer = resolver.canonical(peer);
        if (!peerTrusted) {
            assertThat(r.rule()).isEqualTo(Resolution.Rule.DIRECT);
            assertThat(client).isEqualTo(canonicalPeer != null ? canonicalPeer : peer);
            assertThat(r.peerTrusted()).isFalse();
            assertThat(hops).isEmpty();
            assertThat(r.clientKnown()).isTrue();
            return;
        }
        assertThat(r.peerTrusted()).isTrue();
        assertThat(client).as("client is the peer or an address in the header")
                .isIn(union(written, canonicalPeer));
        assertThat(hops).allMatch(TRUSTED::contains).hasSizeLessThanOrEqualTo(resolver.maxHops() + 1);
        assertThat(hops.get(0)).isEqualTo(canonicalPeer);
        switch (r.rule()) {
            case FORWARDED -> {
                assertThat(TRUSTED.contains(client)).as("FORWARDED client %s is untrusted", client).isFalse();
                assertThat(r.clientKnown()).isTrue();
            }
            case PROXY, ALL_TRUSTED -> {
                assertThat(TRUSTED.contains(client)).isTrue();
                assertThat(r.clientKnown()).isTrue();
            }
            case MALFORMED, LIMIT -> {
                assertThat(TRUSTED.contains(client)).isTrue();
                assertThat(r.clientKnown()).isFalse();
                assertThat(client).isEqualTo(hops.get(hops.size() - 1));
            }
            default -> throw new AssertionError("a trusted peer resolved by rule " + r.rule());
        }
        if (!r.clientKnown()) {
            assertThat(r.rateLimitExempt()).as("a client not known is never exempt").isFalse();
        }
    }

    private static void assertSame(Resolution actual, Resolution expected) {
        assertThat(actual.rule()).isEqualTo(expected.rule());
        assertThat(actual.clientIp()).isEqualTo(expected.clientIp());
        assertThat(actual.clientKnown()).isEqualTo(expected.clientKnown());
        assertThat(actual.rateLimitExempt()).isEqualTo(expected.rateLimitExempt());
    }

    /**
     * Every address spelled anywhere in the lines: each substring of a run of address characters that
     * parses. A superset of the header's entries, so "the client was written in the header" is checkable
     * without re-implementing the tokenizer.
     */
    static Set<String> addressesWrittenIn(List<String> lines) {
        Set<String> found = new HashSet<>();
        long[] v6 = new long[2];
        for (String line : lines) {
            int runStart = -1;
            for (int i = 0; i <= line.length(); i++) {
                boolean addressChar = i < line.length() && isAddressChar(line.charAt(i));
                if (addressChar && runStart < 0) {
                    runStart = i;
                } else if (!addressChar && runStart >= 0) {
                    for (int from = runStart; from < i; from++) {
                        for (int to = from + 2; to <= Math.min(i, from + AddressText.MAX_IPV6_LENGTH); to++) {
                            long v4 = AddressText.parseIpv4(line, from, to);
                            if (v4 != AddressText.INVALID) {
                                found.add(AddressText.formatIpv4(v4));
                            } else if (AddressText.parseIpv6(line, from, to, v6)) {
                                found.add(AddressText.format(v6[0], v6[1]));
                            }
                        }
                    }
                    runStart = -1;
                }
            }
        }
        return found;
    }

    private static boolean isAddressChar(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
    }

    private static Set<String> union(Set<String> set, String element) {
        Set<String> all = new HashSet<>(set);
        if (element != null) {
            all.add(element);
        }
        return all;
    }
}
