package dev.originguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fetch} through the built jar, from a local HTTP server: the reviewed-list job. */
class FetchIT {

    @TempDir
    Path dir;

    @Test
    void writesAReviewedListThatAPolicyReadsAndRefusesABigDropKeepingIt() throws Exception {
        String cloudflare = Files.readString(CliJar.copy("lists/cloudflare-api-client-v4-ips.json", dir));
        try (ListServer server = new ListServer()) {
            server.serve(cloudflare, "application/json");

            CliJar.Run first = CliJar.run(dir, "fetch", "cloudflare@" + server.url(), "--out", "lists/cloudflare.txt");

            assertThat(first.exit()).as(first.toString()).isZero();
            Path list = dir.resolve("lists/cloudflare.txt");
            String written = Files.readString(list);
            String body = written.lines().filter(l -> !l.startsWith("#")).map(l -> l + "\n")
                    .reduce("", String::concat);
            assertThat(written).startsWith("# OriginGuard range list, written by originguard-cli fetch\n"
                    + "# source cloudflare@" + server.url() + "\n# from " + server.url() + "\n# fetched 20")
                    .contains("# sha256 " + sha256(body) + " (of the list below)",
                            "# sha256 " + sha256(cloudflare) + " (of the document as received)",
                            "\n173.245.48.0/20\n", "\n2400:cb00::/32\n");
            assertThat(body.lines()).hasSize(22);

            // A poisoned or truncated answer: two of 22 blocks left.
            server.serve("{\"result\":{\"ipv4_cidrs\":[\"173.245.48.0/20\"],\"ipv6_cidrs\":[\"2400:cb00::/32\"]},"
                    + "\"success\":true,\"errors\":[],\"messages\":[]}", "application/json");
            CliJar.Run dropped = CliJar.run(dir, "fetch", "cloudflare@" + server.url(), "--out", "lists/cloudflare.txt",
                    "--previous", "lists/cloudflare.txt");

            assertThat(dropped.exit()).as(dropped.toString()).isEqualTo(1);
            assertThat(dropped.err()).contains("dropped 20 of the previous 22", "nothing written");
            assertThat(Files.readString(list)).isEqualTo(written);

            // The same answer again passes the drop check and reports no change.
            server.serve(cloudflare, "application/json");
            CliJar.Run again = CliJar.run(dir, "fetch", "cloudflare@" + server.url(), "--out", "lists/cloudflare.txt",
                    "--previous", "lists/cloudflare.txt");
            assertThat(again.exit()).as(again.toString()).isZero();
            assertThat(again.out()).contains("22 CIDR blocks", "0 added, 0 removed");

            Files.writeString(dir.resolve("policy.properties"), "trustedProxies = file:lists/cloudflare.txt\n");
            CliJar.Run explain = CliJar.run(dir, "explain", "policy.properties", "--peer", "173.245.48.5",
                    "-H", "X-Forwarded-For: 198.51.100.7");
            assertThat(explain.out()).as(explain.toString()).contains("file:lists/cloudflare.txt: 173.245.48.0/20",
                    "client 198.51.100.7");
        }
    }

    @Test
    void aListCoveringEveryAddressIsRefused() throws Exception {
        String edgeone = Files.readString(CliJar.copy("lists/edgeone-api-ips-deprecated-response.txt", dir));
        try (ListServer server = new ListServer()) {
            server.serve(edgeone, "text/plain");

            CliJar.Run run = CliJar.run(dir, "fetch", server.url(), "--out", "edgeone.txt");

            assertThat(run.exit()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).contains("covers every address");
            assertThat(dir.resolve("edgeone.txt")).doesNotExist();
        }
    }

    @Test
    void notOneSourceIsAFinding() throws Exception {
        CliJar.Run run = CliJar.run(dir, "fetch", "10.0.0.0/8", "--out", "x.txt");

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("is not one range source");
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
