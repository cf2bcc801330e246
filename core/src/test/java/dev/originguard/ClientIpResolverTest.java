package dev.originguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.originguard.Resolution.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientIpResolverTest {

    private static final AddressSet PROXIES = AddressSet.of("10.0.0.0/8", "2001:db8:aaaa::/48");

    private final ClientIpResolver xff = ClientIpResolver.builder().trustedProxies(PROXIES).build();

    /**
     * The spoofing table: peer, X-Forwarded-For lines (separated by '|'), expected client, rule, known.
     * "~" is an absent header.
     */
    @ParameterizedTest(name = "[{index}] peer {0}, XFF ''{1}'' -> {2} {3}")
    @CsvSource(delimiter = ';', nullValues = "~", value = {
        // untrusted peer: its headers are never believed
        "198.51.100.1; 1.2.3.4;                         198.51.100.1; DIRECT;      true",
        "198.51.100.1; 10.0.0.1;                        198.51.100.1; DIRECT;      true",
        // trusted peer without header: the proxy itself
        "10.0.0.7;     ~;                               10.0.0.7;     PROXY;       true",
        "10.0.0.7;     ' , ,	';                       10.0.0.7;     PROXY;       true",
        // the client is the first untrusted entry from the right; the left is forgeable
        "10.0.0.7;     203.0.113.5;                     203.0.113.5;  FORWARDED;   true",
        "10.0.0.7;     6.6.6.6, 203.0.113.5;            203.0.113.5;  FORWARDED;   true",
        "10.0.0.7;     6.6.6.6, 203.0.113.5, 10.1.1.1;  203.0.113.5;  FORWARDED;   true",
        "10.0.0.7;     10.9.9.9, 203.0.113.5, 10.1.1.1; 203.0.113.5;  FORWARDED;   true",
        // several header lines are one list, in order
        "10.0.0.7;     6.6.6.6|203.0.113.5;             203.0.113.5;  FORWARDED;   true",
        "10.0.0.7;     203.0.113.5|10.2.2.2;            203.0.113.5;  FORWARDED;   true",
        "10.0.0.7;     6.6.6.6, 10.3.3.3|10.2.2.2;      6.6.6.6;      FORWARDED;   true",
        // all trusted: left-most
        "10.0.0.7;     10.5.5.5, 10.6.6.6;              10.5.5.5;     ALL_TRUSTED; true",
        // empty elements and whitespace
        "10.0.0.7;     ' ,203.0.113.5 ,, 	';          203.0.113.5;  FORWARDED;   true",
        // ports, brackets, quotes
        "10.0.0.7;     203.0.113.5:443;                 203.0.113.5;  FORWARDED;   true",
        "10.0.0.7;     [2001:db8::9]:443;               2001:db8::9;  FORWARDED;   true",
        "10.0.0.7;     '\"203.0.113.5\"';               203.0.113.5;  FORWARDED;   true",
        "10.0.0.7;     2001:db8::1:80;                  2001:db8::1:80; FORWARDED; true",
        "10.0.0.7;     2001:DB8:0::9;                   2001:db8::9;  FORWARDED;   true",
        // IPv4-mapped forms are the IPv4 address: as peer and as entry
        "::ffff:10.0.0.1; 203.0.113.5;                  203.0.113.5;  FORWARDED;   true",
        "10.0.0.7;     '::ffff:10.4.4.4, ::ffff:203.0.113.5, ::ffff:10.4.4.4'; 203.0.113.5; FORWARDED; true",
        "[2001:db8:aaaa::1]; 203.0.113.5;               203.0.113.5;  FORWARDED;   true",
        "0:0:0:0:0:0:0:1; 203.0.113.5;                  ::1;          DIRECT;      true",
        // NAT64/6to4 forms of a trusted IPv4 address are not trusted
        "10.0.0.7;     '6.6.6.6, 64:ff9b::a00:1';       64:ff9b::a00:1; FORWARDED; true",
        "10.0.0.7;     '6.6.6.6, 2002:a00:1::';         2002:a00:1::; FORWARDED;   true",
        // invalid entries stop the walk: the client is the last trusted hop reached, not known
        "10.0.0.7;     6.6.6.6, unknown;                10.0.0.7;     MALFORMED;   false",
        "10.0.0.7;     6.6.6.6, unknown, 10.1.1.1;      10.1.1.1;     MALFORMED;   false",
        "10.0.0.7;     6.6.6.6, _hidden;                10.0.0.7;     MALFORMED;   false",
        "10.0.0.7;     6.6.6.6, evil.example;           10.0.0.7;     MALFORMED;   false",
        "10.0.0.7;     127.1;                           10.0.0.7;     MALFORMED;   false",
        "10.0.0.7;     2130706433;                      10.0.0.7;     MALFORMED;   false",
        "10.0.0.7;     010.0.0.1;                       10.0.0.7;     MALFORMED;   false",
        "10.0.0.7;     0.0.0.0;                         10.0.0.7;     MALFORMED;   false",
        "10.0.0.7;     ::;                              10.0.0.7;     MALFORMED;   false",
        "10.0.0.7;     fe80::1%eth0;                    10.0.0.7;     MALFORMED;   false",
        "10.0.0.7;     1.2.3.4:99999;                   10.0.0.7;     MALFORMED;   false",
        "10.0.0.7;     '\"1.2.3.4';                     10.0.0.7;     MALFORMED;   false",
        "10.0.0.7;     1.2.3.٤;                         10.0.0.7;     MALFORMED;   false",
    })
    void walksFromTheRight(String peer, String header, String client, Rule rule, boolean known) {
        List<String> lines = header == null ? List.of() : Arrays.asList(header.split("\\|", -1));
        Resolution r = xff.resolve(peer, lines);
        assertThat(r.clientIp()).isEqualTo(client);
        assertThat(r.rule()).isEqualTo(rule);
        assertThat(r.clientKnown()).isEqualTo(known);
    }

    @Test
    void anIgnoredClientIpHeaderIsRecordedOnlyForAnUntrustedPeerThatSentOne() {
        assertThat(xff.resolve("198.51.100.1", "1.2.3.4").clientIpHeaderIgnored()).isTrue();
        assertThat(xff.resolve("198.51.100.1", "").clientIpHeaderIgnored()).isTrue();
        assertThat(xff.resolve("198.51.100.1", List.of("1.2.3.4", "5.6.7.8")).clientIpHeaderIgnored()).isTrue();
        assertThat(xff.resolve("unix:/run/app.sock", "1.2.3.4").clientIpHeaderIgnored()).isTrue();
        assertThat(xff.resolve("10.0.0.7", "1.2.3.4", PeerCheck.UNVERIFIED).clientIpHeaderIgnored()).isTrue();
        assertThat(xff.resolve("198.51.100.1", (String) null).clientIpHeaderIgnored()).isFalse();
        assertThat(xff.resolve("198.51.100.1", List.of()).clientIpHeaderIgnored()).isFalse();
        assertThat(xff.resolve("10.0.0.7", "1.2.3.4").clientIpHeaderIgnored()).isFalse();
        assertThat(xff.resolve("10.0.0.7", (String) null).clientIpHeaderIgnored()).isFalse();
    }

    @Test
    void nulAndControlCharactersStopTheWalk() {
        Resolution r = xff.resolve("10.0.0.7", "6.6.6.6, 1.2.3.4\u0000, 10.1.1.1");
        assertThat(r.rule()).isEqualTo(Rule.MALFORMED);
        assertThat(r.clientIp()).isEqualTo("10.1.1.1");
        assertThat(xff.resolve("10.0.0.7", "1.2.3.4\r\n").rule()).isEqualTo(Rule.MALFORMED);
    }

    @Test
    void untrustedPeerKeepsItsOwnAddressAndDirectAllowIsReported() {
        ClientIpResolver resolver = ClientIpResolver.builder().trustedProxies(PROXIES)
                .directAllow(AddressSet.of("loopback")).build();
        Resolution local = resolver.resolve("127.0.0.1", "203.0.113.5");
        assertThat(local.clientIp()).isEqualTo("127.0.0.1");
        assertThat(local.peerTrusted()).isFalse();
        assertThat(local.peerDirectAllowed()).isTrue();
        assertThat(local.trustedHops()).isEmpty();
        assertThat(resolver.resolve("198.51.100.1", (String) null).peerDirectAllowed()).isFalse();
        assertThat(resolver.resolve("10.0.0.1", (String) null).peerDirectAllowed()).isFalse();
    }

    @Test
    void recordsTrustedHopsNearestFirst() {
        Resolution r = xff.resolve("10.0.0.7", List.of("6.6.6.6, 203.0.113.5, 10.1.1.1", "[2001:db8:aaaa::2]:80"));
        assertThat(r.clientIp()).isEqualTo("203.0.113.5");
        assertThat(r.trustedHops()).containsExactly("10.0.0.7", "2001:db8:aaaa::2", "10.1.1.1");
    }

    @Test
    void forwardedHeaderUsesForParameters() {
        ClientIpResolver fwd = ClientIpResolver.builder().trustedProxies(PROXIES).header("Forwarded").build();
        assertThat(fwd.headerFormat()).isEqualTo(HeaderFormat.FORWARDED);
        Resolution r = fwd.resolve("10.0.0.7",
                "for=6.6.6.6, for=\"[2001:db8:cafe::17]:4711\";proto=https, For=10.1.1.1;by=10.0.0.7");
        assertThat(r.clientIp()).isEqualTo("2001:db8:cafe::17");
        assertThat(r.rule()).isEqualTo(Rule.FORWARDED);
        assertThat(fwd.resolve("10.0.0.7", "for=198.51.100.2:_port;proto=http").clientIp()).isEqualTo("198.51.100.2");
        // unknown, obfuscated, missing or repeated for= stop the walk
        assertThat(fwd.resolve("10.0.0.7", "for=6.6.6.6, for=unknown").rule()).isEqualTo(Rule.MALFORMED);
        assertThat(fwd.resolve("10.0.0.7", "for=6.6.6.6, for=\"_gazonk\"").rule()).isEqualTo(Rule.MALFORMED);
        assertThat(fwd.resolve("10.0.0.7", "for=6.6.6.6, proto=https").rule()).isEqualTo(Rule.MALFORMED);
        assertThat(fwd.resolve("10.0.0.7", "for=1.1.1.1;for=2.2.2.2").rule()).isEqualTo(Rule.MALFORMED);
        // a quoted comma does not split an element
        assertThat(fwd.resolve("10.0.0.7", "for=\"1.1.1.1, 10.2.2.2\"").rule()).isEqualTo(Rule.MALFORMED);
    }

    @Test
    void singleValueHeaderTakesExactlyOneAddress() {
        ClientIpResolver cf = ClientIpResolver.builder().trustedProxies(PROXIES).header("CF-Connecting-IP").build();
        assertThat(cf.headerFormat()).isEqualTo(HeaderFormat.SINGLE);
        assertThat(cf.resolve("10.0.0.7", "203.0.113.5").clientIp()).isEqualTo("203.0.113.5");
        assertThat(cf.resolve("10.0.0.7", "6.6.6.6, 203.0.113.5").rule()).isEqualTo(Rule.MALFORMED);
        assertThat(cf.resolve("10.0.0.7", List.of("6.6.6.6", "203.0.113.5")).rule()).isEqualTo(Rule.MALFORMED);
        assertThat(cf.resolve("198.51.100.1", "203.0.113.5").clientIp()).isEqualTo("198.51.100.1");
    }

    @Test
    void headerCanBeBoundToTheProxiesThatSetIt() {
        ClientIpResolver cf = ClientIpResolver.builder().trustedProxies(PROXIES).header("CF-Connecting-IP")
                .headerAcceptedFrom(AddressSet.of("10.20.0.0/16")).build();
        assertThat(cf.resolve("10.20.0.1", "203.0.113.5").clientIp()).isEqualTo("203.0.113.5");
        Resolution fromLoadBalancer = cf.resolve("10.0.0.7", "203.0.113.5");
        assertThat(fromLoadBalancer.clientIp()).isEqualTo("10.0.0.7");
        assertThat(fromLoadBalancer.rule()).isEqualTo(Rule.PROXY);
    }

    @Test
    void maxHopsBoundsTheEntriesExamined() {
        ClientIpResolver three = ClientIpResolver.builder().trustedProxies(PROXIES).maxHops(3).build();
        assertThat(three.resolve("10.0.0.7", "6.6.6.6, 10.1.1.1, 10.2.2.2").clientIp()).isEqualTo("6.6.6.6");
        Resolution limited = three.resolve("10.0.0.7", "6.6.6.6, 10.1.1.1, 10.2.2.2, 10.3.3.3");
        assertThat(limited.rule()).isEqualTo(Rule.LIMIT);
        assertThat(limited.clientIp()).isEqualTo("10.1.1.1");
        assertThat(limited.clientKnown()).isFalse();
        assertThat(three.resolve("10.0.0.7", "10.1.1.1, 10.2.2.2, 10.3.3.3").rule()).isEqualTo(Rule.ALL_TRUSTED);
    }

    @Test
    void maxHeaderLengthBoundsTheCharactersRead() {
        ClientIpResolver small = ClientIpResolver.builder().trustedProxies(PROXIES).maxHeaderLength(32).build();
        assertThat(small.resolve("10.0.0.7", "x".repeat(100) + ", 203.0.113.5").clientIp()).isEqualTo("203.0.113.5");
        Resolution cut = small.resolve("10.0.0.7", "203.0.113.5, 10.1.1.1, 10.2.2.2, 10.3.3.3");
        assertThat(cut.rule()).isEqualTo(Rule.LIMIT);
        assertThat(cut.clientKnown()).isFalse();
        // an entry cut by the budget is never read as a shorter address ("11.2.3.4" as "1.2.3.4")
        Resolution partial = small.resolve("10.0.0.7", "11.2.3.4," + " ".repeat(22) + "10.1.1.1");
        assertThat(partial.rule()).isEqualTo(Rule.LIMIT);
        assertThat(partial.clientIp()).isEqualTo("10.1.1.1");
    }

    @Test
    void tenThousandElementHeaderStopsAtTheLimit() {
        String hostile = String.join(",", java.util.Collections.nCopies(10_000, "10.1.1.1"));
        Resolution r = xff.resolve("10.0.0.7", hostile);
        assertThat(r.rule()).isEqualTo(Rule.LIMIT);
        assertThat(r.trustedHops()).hasSize(ClientIpResolver.DEFAULT_MAX_HOPS + 1);
        List<String> lines = new ArrayList<>(java.util.Collections.nCopies(10_000, "10.1.1.1"));
        assertThat(xff.resolve("10.0.0.7", lines).rule()).isEqualTo(Rule.LIMIT);
    }

    @Test
    void rateLimitKeyAggregatesIpv6AndExemptionNeverFollowsMalformedHeaders() {
        ClientIpResolver resolver = ClientIpResolver.builder().trustedProxies(PROXIES)
                .rateLimitExempt(AddressSet.of("192.0.2.0/24")).build();
        assertThat(resolver.resolve("10.0.0.7", "203.0.113.5").rateLimitKey()).isEqualTo("203.0.113.5");
        assertThat(resolver.resolve("10.0.0.7", "2001:db8:1:2:3:4:5:6").rateLimitKey())
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(resolver.resolve("10.0.0.7", "2001:db8:1:2:ffff::1").rateLimitKey())
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(resolver.resolve("10.0.0.7", "192.0.2.9").rateLimitExempt()).isTrue();
        assertThat(resolver.resolve("192.0.2.9", (String) null).rateLimitExempt()).isTrue();
        assertThat(resolver.resolve("10.0.0.7", (String) null).rateLimitExempt()).isTrue();
        assertThat(resolver.resolve("10.0.0.7", "10.1.1.1").rateLimitExempt()).isTrue();
        Resolution malformed = resolver.resolve("10.0.0.7", "6.6.6.6, garbage");
        assertThat(malformed.rateLimitKey()).isEqualTo("10.0.0.7");
        assertThat(malformed.rateLimitExempt()).isFalse();
        assertThat(resolver.resolve("10.0.0.7", "203.0.113.5").rateLimitExempt()).isFalse();

        ClientIpResolver slash48 = ClientIpResolver.builder().trustedProxies(PROXIES).rateLimitIpv6Prefix(48).build();
        assertThat(slash48.resolve("2001:db8:1:2::9", (String) null).rateLimitKey()).isEqualTo("2001:db8:1::/48");
        ClientIpResolver noAggregation = ClientIpResolver.builder().rateLimitIpv6Prefix(128).build();
        assertThat(noAggregation.resolve("2001:db8::9", (String) null).rateLimitKey()).isEqualTo("2001:db8::9");
    }

    @Test
    void trustedProxiesCanBeDeniedExemption() {
        ClientIpResolver resolver = ClientIpResolver.builder().trustedProxies(PROXIES).exemptTrustedProxies(false)
                .build();
        assertThat(resolver.resolve("10.0.0.7", (String) null).rateLimitExempt()).isFalse();
    }

    @Test
    void peerThatIsNotAnAddressIsTheClientAndNeverTrusted() {
        Resolution r = xff.resolve("unix:/run/app.sock", "203.0.113.5");
        assertThat(r.clientIp()).isEqualTo("unix:/run/app.sock");
        assertThat(r.peerTrusted()).isFalse();
        assertThat(r.clientAddress()).isNull();
        assertThat(r.rateLimitKey()).isEqualTo("unix:/run/app.sock");
    }

    @Test
    void clientAddressIsBuiltWithoutDns() {
        assertThat(xff.resolve("10.0.0.7", "203.0.113.5").clientAddress().getHostAddress()).isEqualTo("203.0.113.5");
        assertThat(xff.resolve("10.0.0.7", "2001:db8::5").clientAddress().getHostAddress())
                .isEqualTo("2001:db8:0:0:0:0:0:5");
    }

    @Test
    void eachRequestReadsTheSetOnceSoASwapIsAtomic() {
        AtomicReference<AddressSet> live = new AtomicReference<>(AddressSet.of("10.0.0.0/8"));
        ClientIpResolver resolver = ClientIpResolver.builder().trustedProxies(live::get).build();
        assertThat(resolver.resolve("10.0.0.7", "203.0.113.5").clientIp()).isEqualTo("203.0.113.5");
        live.set(AddressSet.of("192.0.2.0/24"));
        assertThat(resolver.resolve("10.0.0.7", "203.0.113.5").clientIp()).isEqualTo("10.0.0.7");
    }

    @Test
    void invalidSettingsNameTheSetting() {
        assertThatThrownBy(() -> ClientIpResolver.builder().maxHops(0)).isInstanceOf(ConfigurationException.class)
                .hasMessage("maxHops: '0' is out of range: it must be between 1 and 1000");
        assertThatThrownBy(() -> ClientIpResolver.builder().header("X Bad: header"))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("clientIpHeader: 'X Bad: header'");
        assertThatThrownBy(() -> ClientIpResolver.builder().rateLimitIpv6Prefix(129))
                .hasMessageStartingWith("rateLimitIpv6Prefix: '129'");
    }
}
