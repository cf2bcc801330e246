package dev.originguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate} through the built jar, as a CI gate runs it. */
class ValidateIT {

    @TempDir
    Path dir;

    @Test
    void aGoodPolicyPassesEvenStrict() throws Exception {
        Files.writeString(dir.resolve("policy.properties"), """
                trustedProxies = 10.0.0.0/16
                lockOrigin = on
                directAllow = loopback
                """);

        CliJar.Run run = CliJar.run(dir, "validate", "--strict", "policy.properties");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("policy.properties: valid (3 settings, properties)");
    }

    @Test
    void everyErrorIsListedWithFileLineSettingValueAndReason() throws Exception {
        Files.writeString(dir.resolve("policy.yaml"), """
                originguard:
                  trusted-proxies: 10.0.0.0/33
                  max-hops: lots
                  lock-orign: on
                  rate-limit:
                    store: local
                """);

        CliJar.Run run = CliJar.run(dir, "validate", "policy.yaml");

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains(
                "error: policy.yaml:2 originguard.trusted-proxies: '10.0.0.0/33'",
                "error: policy.yaml:3 originguard.max-hops: 'lots' is not a whole number",
                "error: policy.yaml:4 originguard.lock-orign: 'on' is not a property of OriginGuard: did you mean "
                        + "originguard.lock-origin?",
                "error: policy.yaml:6 originguard.rate-limit.store: 'local' is set but originguard.rate-limit.limits is not",
                "policy.yaml: INVALID, 4 errors");
    }

    @Test
    void riskyButLegalSetUpsWarnAndFailOnlyWithStrict() throws Exception {
        Files.writeString(dir.resolve("application.yml"), """
                server:
                  port: 8443
                originguard:
                  trusted-proxies: fastly@file:lists/fastly.json, aws-cloudfront, 10.0.0.0/8
                  client-ip-header: True-Client-IP
                  lock-origin: on
                  ranges:
                    refresh-interval: 1h
                    max-age: 10m
                ---
                spring.config.activate.on-profile: dev
                originguard.lock-origin: off
                """);

        CliJar.Run lenient = CliJar.run(dir, "validate", "application.yml");
        CliJar.Run strict = CliJar.run(dir, "validate", "--strict", "application.yml");

        assertThat(lenient.exit()).as(lenient.toString()).isZero();
        assertThat(strict.exit()).as(strict.toString()).isEqualTo(1);
        assertThat(lenient.out()).contains(
                "note: application.yml:11 document 2 (profile 'dev') skipped",
                "warning: application.yml:4 originguard.trusted-proxies: trusts fastly@file:lists/fastly.json, "
                        + "aws-cloudfront, whose ranges every customer of that CDN shares, with lockOrigin=on but no originSecret",
                "exemptTrustedProxies=true (the default) on shared-tenant ranges",
                "warning: application.yml:5 originguard.client-ip-header: the single-value header True-Client-IP is "
                        + "believed from every trusted proxy (fastly, aws-cloudfront, your own ranges)",
                "'10.0.0.0/8' covers 10.0.0.0/8, broader than /16",
                "URL sources (aws-cloudfront) without rangeCacheDirectory",
                "originguard.ranges.max-age: 10m is shorter than the refresh interval 1h",
                "application.yml: valid (4 settings, spring yaml), 6 warnings");
    }

    @Test
    void withTheAppsSettingsASettingInBothIsAnErrorAndTheSecretThereSilencesTheWarning() throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("cloudflare.txt"), "# OriginGuard range list, written by originguard-cli fetch\n"
                + "# source cloudflare\n173.245.48.0/20\n");
        Files.writeString(dir.resolve("policy.yaml"), """
                originguard:
                  trusted-proxies: file:lists/cloudflare.txt, 10.0.1.0/24
                  lock-origin: on
                  exempt-trusted-proxies: false
                """);
        Files.writeString(dir.resolve("application.yml"), """
                originguard:
                  origin-secret:
                    header: X-Origin-Secret
                    values: ${ORIGINGUARD_TEST_SECRET_NOT_SET}
                """);
        Files.writeString(dir.resolve("conflict.properties"), "originguard.lock-origin=report\n");

        CliJar.Run alone = CliJar.run(dir, "validate", "--strict", "policy.yaml");
        CliJar.Run together = CliJar.run(dir, "validate", "--strict", "policy.yaml", "--app", "application.yml");
        CliJar.Run conflict = CliJar.run(dir, "validate", "policy.yaml", "--app", "conflict.properties");

        assertThat(alone.exit()).as(alone.toString()).isEqualTo(1);
        assertThat(alone.out()).contains("trusts file:lists/cloudflare.txt (fetched from cloudflare)");
        assertThat(together.exit()).as(together.toString()).isZero();
        assertThat(together.out()).contains("ORIGINGUARD_TEST_SECRET_NOT_SET is not set here").doesNotContain("warning");
        assertThat(conflict.exit()).as(conflict.toString()).isEqualTo(1);
        assertThat(conflict.out()).contains("error: conflict.properties originguard.lock-origin and policy.yaml:3 "
                + "originguard.lock-origin: 'report' is set both in the application and in the policy file");
    }

    @Test
    void aWebXmlIsValidatedFilterByFilter() throws Exception {
        Files.writeString(dir.resolve("web.xml"), """
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <filter>
                    <filter-name>public</filter-name>
                    <filter-class>dev.originguard.servlet.OriginGuardFilter</filter-class>
                    <init-param><param-name>trustedProxies</param-name><param-value>203.0.113.0/24</param-value></init-param>
                  </filter>
                  <filter>
                    <filter-name>admin</filter-name>
                    <filter-class>dev.originguard.servlet.OriginGuardFilter</filter-class>
                    <init-param><param-name>lockOrigin</param-name><param-value>on</param-value></init-param>
                  </filter>
                </web-app>
                """);

        CliJar.Run run = CliJar.run(dir, "validate", "web.xml");

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("web.xml filter public: valid",
                "error: web.xml:10 lockOrigin: 'on' would refuse every request", "web.xml filter admin: INVALID, 1 error");
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        assertThat(CliJar.run(dir, "validate", "missing.yaml").exit()).isEqualTo(2);
        assertThat(CliJar.run(dir, "validate", "--no-such-option", "x").exit()).isEqualTo(2);
        assertThat(CliJar.run(dir).exit()).isEqualTo(2);
        CliJar.Run help = CliJar.run(dir, "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("validate", "explain", "export", "diff", "fetch", "probe");
    }

    @Test
    void aFileThatIsNotTextIsAFindingNotACrash() throws Exception {
        Files.write(dir.resolve("policy.properties"), new byte[] {'a', '=', (byte) 0xC3, (byte) 0x28, '\n'});

        CliJar.Run run = CliJar.run(dir, "validate", "policy.properties");

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("policy.properties:1").contains("not UTF-8");
    }
}
