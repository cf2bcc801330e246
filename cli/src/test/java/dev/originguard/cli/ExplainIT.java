package dev.originguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code explain} through the built jar: a three-hop Cloudflare-plus-load-balancer request, text and JSON. */
class ExplainIT {

    @TempDir
    Path dir;

    @BeforeEach
    void policy() throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.move(CliJar.copy("lists/cloudflare-api-client-v4-ips.json", dir), lists.resolve("cloudflare.json"));
        Files.writeString(dir.resolve("policy.yaml"), """
                originguard:
                  trusted-proxies:
                    - cloudflare@file:lists/cloudflare.json
                    - 10.0.0.0/16     # the load balancers
                  lock-origin: on
                  direct-allow: loopback
                  lock-origin-exempt-paths: /health
                  origin-secret:
                    header: X-Origin-Secret
                    values: 0123456789abcdef0123
                  rate-limit:
                    limits: 100/1m
                    paths:
                      - POST /login=5/1m
                      - /health=off
                """);
    }

    private static final String[] THREE_HOPS = {"explain", "policy.yaml", "--peer", "10.0.0.5",
        "--header", "X-Forwarded-For: 203.0.113.66, 198.51.100.7, 173.245.48.5, 10.0.1.9",
        "--header", "X-Origin-Secret: 0123456789abcdef0123", "--method", "POST", "--path", "/login"};

    @Test
    void threeHopsInText() throws Exception {
        CliJar.Run run = CliJar.run(dir, THREE_HOPS);

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("peer 10.0.0.5: trusted proxy (trustedProxies: 10.0.0.0/16)",
                "peer   10.0.0.5        trusted by trustedProxies: 10.0.0.0/16",
                "hop 1  10.0.1.9        trusted by trustedProxies: 10.0.0.0/16",
                "hop 2  173.245.48.5    trusted by trustedProxies: cloudflare: 173.245.48.0/20",
                "client 198.51.100.7 (rule FORWARDED, known)", "lock: allow",
                "rate limit: key 198.51.100.7, rule POST /login=5/1m, not exempt")
                .doesNotContain("0123456789abcdef0123");
        System.out.println(run.out()); // the explanation docs/security-teams.md shows
    }

    @Test
    void threeHopsInJson() throws Exception {
        String[] json = java.util.Arrays.copyOf(THREE_HOPS, THREE_HOPS.length + 1);
        json[json.length - 1] = "--json";

        CliJar.Run run = CliJar.run(dir, json);

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out().strip()).startsWith("{\"client\":\"198.51.100.7\",\"peer\":\"10.0.0.5\"").endsWith("}")
                .contains("\"rule\":\"FORWARDED\"", "\"clientKnown\":true", "\"lock\":\"allow\"",
                        "\"rateLimitKey\":\"198.51.100.7\"", "\"rateLimitRule\":\"POST /login=5/1m\"",
                        "\"rateLimitExempt\":false",
                        "{\"address\":\"173.245.48.5\",\"set\":\"trustedProxies\",\"matchedEntry\":\"cloudflare: "
                                + "173.245.48.0/20\",\"source\":\"cloudflare@file:lists/cloudflare.json\"}");
    }

    @Test
    void aRefusedRequestIsAFinding() throws Exception {
        CliJar.Run stranger = CliJar.run(dir, "explain", "policy.yaml", "--peer", "192.0.2.1",
                "-H", "X-Forwarded-For: 10.0.0.5");
        CliJar.Run noSecret = CliJar.run(dir, "explain", "policy.yaml", "--peer", "173.245.48.5",
                "-H", "X-Forwarded-For: 198.51.100.7");
        CliJar.Run health = CliJar.run(dir, "explain", "policy.yaml", "--peer", "192.0.2.1", "--path", "/health");

        assertThat(stranger.exit()).as(stranger.toString()).isEqualTo(1);
        assertThat(stranger.out()).contains("header X-Forwarded-For: 10.0.0.5 (ignored: the peer is not trusted)",
                "lock: refuse");
        assertThat(noSecret.exit()).isEqualTo(1);
        assertThat(noSecret.out()).contains("in the trusted ranges, but no valid X-Origin-Secret header");
        assertThat(health.exit()).isZero();
        assertThat(health.out()).contains("lock: exempt-path", "rule /health=off");
    }

    @Test
    void aBadHeaderIsAUsageError() throws Exception {
        CliJar.Run run = CliJar.run(dir, "explain", "policy.yaml", "--peer", "10.0.0.5", "-H", "no colon here");

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("'no colon here' is not 'Name: value'");
    }
}
