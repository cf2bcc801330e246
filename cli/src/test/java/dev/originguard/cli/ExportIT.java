package dev.originguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export} through the built jar: every block with its provenance, from a file and over HTTP. */
class ExportIT {

    @TempDir
    Path dir;

    @Test
    void everyBlockWithItsEntryOrSourceLocationAndFetchTime() throws Exception {
        try (ListServer server = new ListServer()) {
            server.serve(Files.readString(CliJar.copy("lists/fastly-public-ip-list.json", dir)), "application/json");
            Files.writeString(dir.resolve("policy.properties"), "trustedProxies = fastly@" + server.url()
                    + "?token=s3cr3t, private\ndirectAllow = 192.0.2.7\n");

            CliJar.Run text = CliJar.run(dir, "export", "policy.properties");
            CliJar.Run json = CliJar.run(dir, "export", "policy.properties", "--set", "trustedProxies", "--json");

            assertThat(text.exit()).as(text.toString()).isZero();
            assertThat(text.out()).contains("trustedProxies (", "10.0.0.0/8            private",
                    "23.235.32.0/20        fastly@" + server.url(), "loaded 20", "directAllow (1 block)",
                    "192.0.2.7/32          192.0.2.7", "rateLimitExempt (0 blocks)").doesNotContain("s3cr3t");
            assertThat(json.exit()).as(json.toString()).isZero();
            assertThat(json.out().strip()).startsWith("{\"sets\":{\"trustedProxies\":[")
                    .contains("{\"cidr\":\"10.0.0.0/8\",\"entry\":\"private\",\"location\":null,\"fetchedAt\":null,"
                            + "\"fromCache\":false}", "\"cidr\":\"23.235.32.0/20\",\"entry\":\"fastly@")
                    .doesNotContain("directAllow", "s3cr3t");
        }
    }

    @Test
    void anUnknownSetIsAUsageError() throws Exception {
        Files.writeString(dir.resolve("policy.properties"), "trustedProxies = 10.0.0.0/16\n");

        CliJar.Run run = CliJar.run(dir, "export", "policy.properties", "--set", "trustedProxy");

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--set trustedProxy is not a set", "trustedProxies, directAllow");
    }
}
