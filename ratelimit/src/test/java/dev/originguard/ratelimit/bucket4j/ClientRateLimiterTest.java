package dev.originguard.ratelimit.bucket4j;

import dev.originguard.AddressSet;
import dev.originguard.ClientIpResolver;
import dev.originguard.Resolution;
import dev.originguard.ratelimit.RateLimitSettings;
import dev.originguard.internal.RequestPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ClientRateLimiterTest {

    private static final ClientIpResolver RESOLVER = ClientIpResolver.builder()
            .trustedProxies(AddressSet.of("10.0.0.0/8"))
            .rateLimitExempt(AddressSet.of("198.51.100.7"))
            .build();

    private ClientRateLimiter limiter;

    private ClientRateLimiter limiter(RateLimitSettings.Builder settings) {
        limiter = ClientRateLimiter.create(settings.build());
        return limiter;
    }

    @AfterEach
    void close() {
        if (limiter != null) {
            limiter.close();
        }
    }

    @Test
    void trustedProxyOwnRequestsAreNeverLimitedEvenAtTenThousand() {
        ClientRateLimiter l = limiter(RateLimitSettings.builder().limits("5/1m"));
        for (int i = 0; i < 10_000; i++) {
            Resolution probe = RESOLVER.resolve("10.0.0.1", (String) null); // the proxy's health probe
            Decision d = l.check(probe, "/");
            assertThat(d.allowed()).isTrue();
            assertThat(d.outcome()).isEqualTo(Decision.Outcome.EXEMPT);
        }
        assertThat(l.counters().exempt()).isEqualTo(10_000);
        assertThat(l.counters().limited()).isZero();
        assertThat(l.counters().trackedBuckets()).isZero();
    }

    @Test
    void manyClientsBehindOneProxyEachGetTheirOwnBucket() {
        ClientRateLimiter l = limiter(RateLimitSettings.builder().limits("5/1m"));
        for (int c = 0; c < 200; c++) {
            String client = "203.0." + (c / 100) + "." + (c % 100 + 1);
            for (int i = 0; i < 5; i++) {
                Decision d = l.check(RESOLVER.resolve("10.0.0.1", client), "/");
                assertThat(d.outcome()).as("request %d of %s", i + 1, client).isEqualTo(Decision.Outcome.ALLOWED);
                assertThat(d.remaining()).isEqualTo(4 - i);
            }
            Decision sixth = l.check(RESOLVER.resolve("10.0.0.2", client), "/");
            assertThat(sixth.outcome()).isEqualTo(Decision.Outcome.LIMITED);
            assertThat(sixth.allowed()).isFalse();
            assertThat(sixth.retryAfterSeconds()).isBetween(1L, 12L); // one token back in 60s / 5
        }
        // The proxy itself is untouched by its clients' limits.
        assertThat(l.check(RESOLVER.resolve("10.0.0.1", (String) null), "/").allowed()).isTrue();
        assertThat(l.counters().limited()).isEqualTo(200);
        assertThat(l.counters().rejected()).isEqualTo(200);
        assertThat(l.counters().trackedBuckets()).isEqualTo(200);
    }

    @Test
    void ipv6ClientsInOneSlash64ShareABucket() {
        ClientRateLimiter l = limiter(RateLimitSettings.builder().limits("3/1m"));
        String[] samePrefix = {"2001:db8:1:2::a", "2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2:1234::9"};
        for (String ip : samePrefix) {
            Resolution r = RESOLVER.resolve("10.0.0.1", ip);
            assertThat(r.rateLimitKey()).isEqualTo("2001:db8:1:2::/64");
            assertThat(l.check(r, "/").allowed()).isTrue();
        }
        assertThat(l.check(RESOLVER.resolve("10.0.0.1", "2001:db8:1:2::beef"), "/").outcome())
                .isEqualTo(Decision.Outcome.LIMITED);
        // The next /64 is someone else.
        assertThat(l.check(RESOLVER.resolve("10.0.0.1", "2001:db8:1:3::a"), "/").outcome())
                .isEqualTo(Decision.Outcome.ALLOWED);
    }

    @Test
    void theIpv6PrefixIsTheResolversSetting() {
        ClientIpResolver by48 = ClientIpResolver.builder().trustedProxies(AddressSet.of("10.0.0.0/8"))
                .rateLimitIpv6Prefix(48).build();
        ClientRateLimiter l = limiter(RateLimitSettings.builder().limits("2/1m"));
        assertThat(l.check(by48.resolve("10.0.0.1", "2001:db8:1:2::a"), "/").allowed()).isTrue();
        assertThat(l.check(by48.resolve("10.0.0.1", "2001:db8:1:ff::a"), "/").allowed()).isTrue();
        assertThat(l.check(by48.resolve("10.0.0.1", "2001:db8:1:7::a"), "/").outcome())
                .isEqualTo(Decision.Outcome.LIMITED);
    }

    @Test
    void whitelistedClientsAreExemptButAnUnknownClientIsKeyedOnTheReportingHop() {
        ClientRateLimiter l = limiter(RateLimitSettings.builder().limits("2/1m"));
        for (int i = 0; i < 50; i++) {
            assertThat(l.check(RESOLVER.resolve("10.0.0.1", "198.51.100.7"), "/").outcome())
                    .isEqualTo(Decision.Outcome.EXEMPT);
        }
        // "unknown" stops the walk at 10.0.0.9: the client is not known, so it is keyed on that hop and NOT
        // exempt, although trusted proxies are exempt when they are the client.
        Resolution unknown = RESOLVER.resolve("10.0.0.1", "unknown, 10.0.0.9");
        assertThat(unknown.clientKnown()).isFalse();
        assertThat(unknown.rateLimitExempt()).isFalse();
        assertThat(unknown.rateLimitKey()).isEqualTo("10.0.0.9");
        assertThat(l.check(unknown, "/").allowed()).isTrue();
        assertThat(l.check(RESOLVER.resolve("10.0.0.1", "garbage, 10.0.0.9"), "/").allowed()).isTrue();
        assertThat(l.check(RESOLVER.resolve("10.0.0.1", "_hidden, 10.0.0.9"), "/").outcome())
                .isEqualTo(Decision.Outcome.LIMITED);
        // The hop's own probes stay exempt.
        assertThat(l.check(RESOLVER.resolve("10.0.0.9", (String) null), "/").outcome())
                .isEqualTo(Decision.Outcome.EXEMPT);
    }

    @Test
    void directClientsAreLimitedOnThePeerAndSpoofedHeadersDoNotHelp() {
        ClientRateLimiter l = limiter(RateLimitSettings.builder().limits("2/1m"));
        for (int i = 0; i < 2; i++) {
            assertThat(l.check(RESOLVER.resolve("192.0.2.50", "203.0.113." + i), "/").allowed()).isTrue();
        }
        assertThat(l.check(RESOLVER.resolve("192.0.2.50", "198.51.100.7"), "/").outcome())
                .as("an untrusted peer cannot claim a whitelisted client")
                .isEqualTo(Decision.Outcome.LIMITED);
    }

    @Test
    void reportModeCountsButNeverRejects() {
        ClientRateLimiter l = limiter(RateLimitSettings.builder().limits("2/1m").mode(RateLimitSettings.Mode.REPORT));
        Resolution r = RESOLVER.resolve("10.0.0.1", "203.0.113.9");
        for (int i = 0; i < 10; i++) {
            Decision d = l.check(r, "/");
            assertThat(d.allowed()).isTrue();
            assertThat(d.outcome()).isEqualTo(i < 2 ? Decision.Outcome.ALLOWED : Decision.Outcome.REPORTED);
        }
        assertThat(l.counters().limited()).isEqualTo(8);
        assertThat(l.counters().rejected()).isZero();
    }

    @Test
    void pathRulesHaveTheirOwnBucketsAndOffPathsAreNotCounted() {
        ClientRateLimiter l = limiter(RateLimitSettings.builder().limits("3/1m")
                .paths("/login=1/1m; /static/*=off; *.php=1/1h"));
        Resolution r = RESOLVER.resolve("10.0.0.1", "203.0.113.9");
        assertThat(l.check(r, "/login").allowed()).isTrue();
        assertThat(l.check(r, "/login").outcome()).isEqualTo(Decision.Outcome.LIMITED);
        assertThat(l.check(r, "/login").rule()).isEqualTo("/login");
        for (int i = 0; i < 100; i++) {
            assertThat(l.check(r, "/static/app.js").outcome()).isEqualTo(Decision.Outcome.NOT_LIMITED);
            assertThat(l.check(r, "/static").outcome()).isEqualTo(Decision.Outcome.NOT_LIMITED);
        }
        assertThat(l.check(r, "/wp-login.php").allowed()).isTrue();
        assertThat(l.check(r, "/xmlrpc.php").outcome()).isEqualTo(Decision.Outcome.LIMITED);
        // The default bucket is untouched by the rules above: three requests left.
        assertThat(l.check(r, "/staticky").remaining()).isEqualTo(2);
        assertThat(l.check(r, "/login/extra").remaining()).isEqualTo(1);
        assertThat(l.check(r, null).remaining()).isZero();
        assertThat(l.check(r, "/").rule()).isEqualTo("*");
    }

    @Test
    void decisionCarriesTheIetfHeaderValues() {
        ClientRateLimiter l = limiter(RateLimitSettings.builder().limits("2/1m, 100/1h"));
        Resolution r = RESOLVER.resolve("10.0.0.1", "203.0.113.9");
        Decision first = l.check(r, "/");
        assertThat(first.policyHeader()).isEqualTo("\"2/1m\";q=2;w=60, \"100/1h\";q=100;w=3600");
        assertThat(first.rateLimitHeader()).matches("\"2/1m\";r=1;t=(30|31|60|3600|\\d+)");
        assertThat(first.remaining()).isEqualTo(1);
        l.check(r, "/");
        Decision limited = l.check(r, "/");
        assertThat(limited.rateLimitHeader()).isEqualTo("\"2/1m\";r=0;t=" + limited.retryAfterSeconds());
        assertThat(limited.retryAfterSeconds()).isBetween(29L, 30L);
        assertThat(Decision.EXEMPT.policyHeader()).isNull();
        assertThat(Decision.EXEMPT.rateLimitHeader()).isNull();
    }

    /** Raw URIs that a framework routes under /api while the container routes them elsewhere, or the reverse. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/api/../whoami         | /whoami",
            "/api/x/../../whoami    | /whoami",
            "/api/..;/whoami        | /whoami",
            "/api;x/../whoami       | /whoami",
            "/api/%2e%2e/whoami     | /whoami",
            "/api/%2E%2e/whoami     | /whoami",
            "/api/.%2e/whoami       | /whoami",
            "/api%2f..%2fwhoami     | /whoami",
            "/api/%252e%252e/whoami | /api/%2e%2e/whoami",
            "/api/..%5cwhoami       | /api/..\\whoami",
            "/api/..%00/whoami      | /whoami",
            "/api\\..\\whoami       | /whoami",
            "//api/x                | /api/x",
            "/%61pi/x               | /api/x",
            "/whoami/../api/x       | /api/x",
            "/x/..;/api/x           | /api/x"})
    void aPathRuleAppliesWhenAnyReadingOfThePathMatchesIt(String raw, String container) {
        ClientRateLimiter l = limiter(RateLimitSettings.builder().limits("off").paths("/api/*=2/1h"));
        Resolution client = RESOLVER.resolve("10.0.0.1", "203.0.113.50");
        assertThat(l.check(client, "/api/a").allowed()).isTrue();
        assertThat(l.check(client, "/api/b").allowed()).isTrue();

        Decision d = l.checkAll(client, null, RequestPath.of(raw, "", container, null));
        assertThat(d.outcome()).isEqualTo(Decision.Outcome.LIMITED);
        assertThat(d.rule()).isEqualTo("/api/*");
    }

    @Test
    void whenReadingsMatchDifferentRulesEveryRuleAppliesAndTheStrictestOutcomeWins() {
        ClientRateLimiter l = limiter(RateLimitSettings.builder().limits("100/1h")
                .paths("/api/*=2/1h; /public/*=off"));
        Resolution client = RESOLVER.resolve("10.0.0.1", "203.0.113.51");
        // The container reads /public/x (off), a framework /api/../public/x under /api/*: the /api/* rule applies.
        RequestPath twoRules = RequestPath.of("/api/../public/x", "", "/public/x", null);
        assertThat(l.checkAll(client, null, twoRules).rule()).isEqualTo("/api/*");
        assertThat(l.checkAll(client, null, twoRules).remaining()).isZero();
        assertThat(l.checkAll(client, null, twoRules).outcome()).isEqualTo(Decision.Outcome.LIMITED);
        // Spent in the odd form, spent in the plain form: one bucket per rule and client.
        assertThat(l.check(client, "/api/y").outcome()).isEqualTo(Decision.Outcome.LIMITED);
        // The container reads /other (the default rule), a framework /api/..: both buckets take a token.
        RequestPath defaultAndApi = RequestPath.of("/api/../other", "", "/other", null);
        assertThat(l.checkAll(client, null, defaultAndApi).outcome()).isEqualTo(Decision.Outcome.LIMITED);
        assertThat(l.check(client, "/other").remaining()).isEqualTo(98);
    }

    @Test
    void aPathInNormalisedFormIsDecidedOnTheContainersPathAlone() {
        ClientRateLimiter l = limiter(RateLimitSettings.builder().limits("off").paths("/api/*=1/1h"));
        Resolution client = RESOLVER.resolve("10.0.0.1", "203.0.113.52");
        assertThat(l.checkAll(client, null, RequestPath.of("/whoami", "", "/whoami", null)).outcome())
                .isEqualTo(Decision.Outcome.NOT_LIMITED);
        assertThat(l.checkAll(client, null, RequestPath.of("/api/x", "", "/api/x", null)).outcome())
                .isEqualTo(Decision.Outcome.ALLOWED);
    }
}
