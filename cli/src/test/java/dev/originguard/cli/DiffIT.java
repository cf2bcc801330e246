package dev.originguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diff} through the built jar: between two policies, and two provider list snapshots. */
class DiffIT {

    @TempDir
    Path dir;

    @Test
    void twoPoliciesGiveBlocksAddedAndRemovedPerSetAndSettingsChanged() throws Exception {
        Files.writeString(dir.resolve("old.properties"), """
                trustedProxies = 203.0.113.0/24, 10.0.0.0/16
                lockOrigin = report
                originSecretHeader = X-Origin-Secret
                originSecret = 0123456789abcdef0123
                """);
        Files.writeString(dir.resolve("new.yaml"), """
                originguard:
                  trusted-proxies: [10.0.0.0/16, 198.51.100.0/24]
                  direct-allow: loopback
                  lock-origin: on
                  origin-secret:
                    header: X-Origin-Secret
                    values: 0123456789abcdef0123, fedcba9876543210fedc
                """);

        CliJar.Run run = CliJar.run(dir, "diff", "old.properties", "new.yaml");

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("trustedProxies: 1 added, 1 removed", "  + 198.51.100.0/24",
                "  - 203.0.113.0/24", "directAllow: 2 added, 0 removed", "  + 127.0.0.0/8",
                "setting lockOrigin: 'report' -> 'on'", "setting originSecret: (a secret) -> (a secret)", "6 changes")
                .doesNotContain("0123456789abcdef0123");
    }

    @Test
    void theSamePolicyInTwoFormatsIsNoChange() throws Exception {
        Files.writeString(dir.resolve("a.properties"), "trustedProxies = private\nlockOrigin = on\n");
        Files.writeString(dir.resolve("b.yaml"), "originguard:\n  trusted-proxies: private\n  lock-origin: on\n");

        CliJar.Run run = CliJar.run(dir, "diff", "a.properties", "b.yaml");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("no change");
    }

    @Test
    void twoProviderListSnapshots() throws Exception {
        Path legacy = CliJar.copy("lists/akamai-origin-ip-acl-v4-2024-legacy.txt", dir);
        Path current = CliJar.copy("lists/akamai-origin-ip-acl-2025-current.txt", dir);

        CliJar.Run run = CliJar.run(dir, "diff", legacy.getFileName().toString(), current.getFileName().toString());

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).containsPattern("list: \\d+ added, \\d+ removed").contains("  - ");
    }

    @Test
    void providerDocumentsReadWithTheirFormat() throws Exception {
        Path old = CliJar.copy("lists/cloudflare-api-client-v4-ips.json", dir);
        Path changed = dir.resolve("cloudflare-new.json");
        Files.writeString(changed, Files.readString(old).replace("\"131.0.72.0/22\"", "\"131.0.72.0/23\""));

        CliJar.Run same = CliJar.run(dir, "diff", "--source", "cloudflare", old.getFileName().toString(),
                old.getFileName().toString());
        CliJar.Run run = CliJar.run(dir, "diff", "--source", "cloudflare", old.getFileName().toString(),
                "cloudflare-new.json");

        assertThat(same.exit()).as(same.toString()).isZero();
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        // Narrowing /22 to /23 loses the upper half: that, not two CIDR strings, is what changed.
        assertThat(run.out()).contains("list: 0 added, 1 removed", "  - 131.0.74.0/23");
    }
}
