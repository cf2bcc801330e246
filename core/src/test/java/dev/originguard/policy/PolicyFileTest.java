package dev.originguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.originguard.ConfigurationException;
import dev.originguard.settings.LockOrigin;
import dev.originguard.settings.OriginGuardSettings;
import dev.originguard.settings.Setting;
import dev.originguard.settings.SettingsText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFileTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private PolicyFile one(Path file) {
        List<PolicyFile> read = PolicyFile.read(file);
        assertThat(read).hasSize(1);
        return read.get(0);
    }

    @Test
    void propertiesKeepLinesThroughContinuationsEscapesAndEverySeparator() throws IOException {
        Path file = write("policy.properties", """
                # owned by the security team
                ! a comment too
                trustedProxies = 203.0.113.0/24, \\
                    2001:db8:100::/48
                lockOrigin:on
                directAllow loopback
                lockOriginExemptPaths=/health\\u002c /status/*
                """);

        PolicyFile policy = one(file);

        assertThat(policy.format()).isEqualTo(PolicyFile.Format.PROPERTIES);
        assertThat(policy.texts()).containsEntry(Setting.TRUSTED_PROXIES, "203.0.113.0/24, 2001:db8:100::/48")
                .containsEntry(Setting.LOCK_ORIGIN, "on").containsEntry(Setting.DIRECT_ALLOW, "loopback")
                .containsEntry(Setting.LOCK_ORIGIN_EXEMPT_PATHS, "/health, /status/*");
        assertThat(policy.where(Setting.TRUSTED_PROXIES)).isEqualTo(file + ":3 trustedProxies");
        assertThat(policy.where(Setting.DIRECT_ALLOW)).isEqualTo(file + ":6 directAllow");
        OriginGuardSettings settings = policy.settings();
        assertThat(settings.lock().mode()).isEqualTo(LockOrigin.ON);
        assertThat(settings.lock().exemptPaths()).containsExactly("/health", "/status/*");
    }

    @Test
    void contentNotTheFileNameTellsPropertiesFromYaml() throws IOException {
        Path spaced = write("policy.yaml", "trustedProxies = 10.0.0.0/16\n");
        Path bare = write("a.txt", "directAllow loopback\n");
        Path yaml = write("policy.properties", "originguard:\n  direct-allow: loopback\n  trusted-proxies:\n    - 10.0.0.0/16\n");

        assertThat(one(spaced).format()).isEqualTo(PolicyFile.Format.PROPERTIES);
        assertThat(one(spaced).texts()).containsEntry(Setting.TRUSTED_PROXIES, "10.0.0.0/16");
        assertThat(one(bare).texts()).containsEntry(Setting.DIRECT_ALLOW, "loopback");
        assertThat(one(yaml).format()).isEqualTo(PolicyFile.Format.YAML);
        assertThat(one(yaml).texts()).containsEntry(Setting.TRUSTED_PROXIES, "10.0.0.0/16");
    }

    @Test
    void aRefusedValueNamesFileLineAndKeyAsWritten() throws IOException {
        Path file = write("policy.properties", "lockOrigin=off\nmaxHops = lots\n");

        assertThatThrownBy(() -> one(file).settings()).isInstanceOf(ConfigurationException.class)
                .hasMessage(file + ":2 maxHops: 'lots' is not a whole number");
    }

    @Test
    void aBuildersRefusalIsRenamedToTheLine() throws IOException {
        Path file = write("policy.yaml", """
                originguard:
                  lock-origin: on
                  trusted-proxies:
                    - 10.0.0.0/8
                    - 10.0.0.0/33
                """);

        assertThatThrownBy(() -> one(file).settings()).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(file + ":3 originguard.trusted-proxies").hasMessageContaining("10.0.0.0/33");
    }

    @Test
    void anUnknownKeyIsRefusedWithTheClosestName() throws IOException {
        Path file = write("policy.properties", "trustedProxies=10.0.0.0/8\ntrustedProxys=10.1.0.0/16\n");

        ConfigurationException refused = (ConfigurationException) org.assertj.core.api.Assertions
                .catchThrowable(() -> one(file).settings());

        assertThat(refused.where()).isEqualTo(file + ":2 trustedProxys");
        assertThat(refused.reason()).contains("did you mean trustedProxies?");
    }

    @Test
    void aKeySetTwiceNamesBothLines() throws IOException {
        Path props = write("policy.properties", "lockOrigin=on\ntrustedProxies=10.0.0.0/8\nlockOrigin=off\n");
        Path yaml = write("policy.yaml", """
                originguard.lock-origin: report
                originguard:
                  trusted-proxies: private
                  lock-origin: on
                """);

        assertThatThrownBy(() -> one(props).settings()).hasMessageStartingWith(props + ":3 lockOrigin")
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> one(yaml).settings()).hasMessageStartingWith(yaml + ":4 originguard.lock-origin")
                .hasMessageContaining("line 1");
    }

    @Test
    void yamlNestedAndFlatWithListsAndUnquotedOn() throws IOException {
        Path file = write("policy.yaml", """
                # the security team's policy
                originguard:
                  trusted-proxies: [173.245.48.0/20, 10.0.0.0/8]
                  lock-origin: on
                  rate-limit:
                    limits: 100/1m
                    paths:
                      - POST /login=5/1m
                      - /health=off
                originguard.direct-allow: loopback
                """);

        PolicyFile policy = one(file);

        assertThat(policy.format()).isEqualTo(PolicyFile.Format.YAML);
        assertThat(policy.texts()).containsEntry(Setting.TRUSTED_PROXIES, "173.245.48.0/20, 10.0.0.0/8")
                .containsEntry(Setting.RATE_LIMIT_PATHS, "POST /login=5/1m; /health=off");
        assertThat(policy.where(Setting.RATE_LIMIT_PATHS)).isEqualTo(file + ":7 originguard.rate-limit.paths");
        assertThat(policy.where(Setting.DIRECT_ALLOW)).isEqualTo(file + ":10 originguard.direct-allow");
        OriginGuardSettings settings = policy.settings();
        assertThat(settings.lock().mode()).isEqualTo(LockOrigin.ON);
        assertThat(settings.rateLimit().pathRules()).hasSize(2);
    }

    @Test
    void springYamlReadsTheDefaultDocumentAndReportsProfilesSkipped() throws IOException {
        Path file = write("application.yml", """
                server:
                  port: 8080
                spring:
                  application:
                    name: shop
                originguard:
                  trusted-proxies: private
                ---
                spring:
                  config:
                    activate:
                      on-profile: dev
                originguard:
                  trusted-proxies: 0.0.0.0/1
                """);

        PolicyFile policy = one(file);

        assertThat(policy.format()).isEqualTo(PolicyFile.Format.SPRING_YAML);
        assertThat(policy.texts()).containsOnlyKeys(Setting.TRUSTED_PROXIES).containsValue("private");
        assertThat(policy.skipped()).singleElement().asString().contains(":12").contains("profile 'dev'");
    }

    @Test
    void springPropertiesReadOnlyOriginGuardKeysIncludingIndexedLists() throws IOException {
        Path file = write("application.properties", """
                server.port=8080
                spring.application.name=shop
                originguard.trusted-proxies[1]=10.0.0.0/8
                originguard.trusted-proxies[0]=cloudflare@file:/etc/cf.txt
                originguard.lock-origin=on
                """);

        PolicyFile policy = one(file);

        assertThat(policy.format()).isEqualTo(PolicyFile.Format.SPRING_PROPERTIES);
        assertThat(policy.texts()).containsEntry(Setting.TRUSTED_PROXIES, "cloudflare@file:/etc/cf.txt, 10.0.0.0/8")
                .containsEntry(Setting.LOCK_ORIGIN, "on").hasSize(2);
        assertThat(policy.where(Setting.TRUSTED_PROXIES)).isEqualTo(file + ":3 originguard.trusted-proxies");
    }

    @Test
    void webXmlGivesOnePolicyPerOriginGuardFilterWithLines() throws IOException {
        Path file = write("web.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <filter>
                    <filter-name>other</filter-name>
                    <filter-class>com.example.Other</filter-class>
                    <init-param><param-name>whatever</param-name><param-value>x</param-value></init-param>
                  </filter>
                  <filter>
                    <filter-name>originGuard</filter-name>
                    <filter-class>dev.originguard.servlet.OriginGuardFilter</filter-class>
                    <init-param>
                      <param-name>trustedProxies</param-name>
                      <param-value>
                        203.0.113.0/24
                      </param-value>
                    </init-param>
                    <init-param>
                      <param-name>lockOrigin</param-name>
                      <param-value><![CDATA[on]]></param-value>
                    </init-param>
                  </filter>
                  <filter>
                    <filter-name>admin</filter-name>
                    <filter-class>dev.originguard.servlet.OriginGuardFilter</filter-class>
                    <init-param><param-name>trustedProxy</param-name><param-value>10.0.0.0/8</param-value></init-param>
                  </filter>
                </web-app>
                """);

        List<PolicyFile> filters = PolicyFile.read(file);

        assertThat(filters).extracting(PolicyFile::name).containsExactly("originGuard", "admin");
        assertThat(filters.get(0).format()).isEqualTo(PolicyFile.Format.WEB_XML);
        assertThat(filters.get(0).texts()).containsEntry(Setting.TRUSTED_PROXIES, "203.0.113.0/24")
                .containsEntry(Setting.LOCK_ORIGIN, "on");
        assertThat(filters.get(0).where(Setting.LOCK_ORIGIN)).isEqualTo(file + ":18 lockOrigin");
        assertThat(filters.get(0).settings().lock().mode()).isEqualTo(LockOrigin.ON);
        assertThatThrownBy(() -> filters.get(1).settings()).hasMessageStartingWith(file + ":25 trustedProxy")
                .hasMessageContaining("did you mean trustedProxies?");
    }

    @Test
    void anOldWebXmlWithAPublicDoctypeIsReadWithoutFetchingTheDtd() throws IOException {
        Path file = write("web.xml", """
                <?xml version="1.0"?>
                <!DOCTYPE web-app PUBLIC "-//Sun Microsystems, Inc.//DTD Web Application 2.3//EN"
                  "http://127.0.0.1:9/never-fetched/web-app_2_3.dtd">
                <web-app>
                  <filter>
                    <filter-name>g</filter-name>
                    <filter-class>dev.originguard.servlet.OriginGuardFilter</filter-class>
                    <init-param><param-name>maxHops</param-name><param-value>5</param-value></init-param>
                  </filter>
                </web-app>
                """);

        assertThat(PolicyFile.read(file).get(0).settings().trust().maxHops()).isEqualTo(5);
    }

    @Test
    void anExternalEntityIsNeverRead() throws IOException {
        Path secret = write("secret.txt", "TOP-SECRET-VALUE");
        Path file = write("web.xml", """
                <?xml version="1.0"?>
                <!DOCTYPE web-app [ <!ENTITY leak SYSTEM "%s"> ]>
                <web-app>
                  <filter>
                    <filter-name>g</filter-name>
                    <filter-class>dev.originguard.servlet.OriginGuardFilter</filter-class>
                    <init-param><param-name>trustedProxies</param-name><param-value>&leak;</param-value></init-param>
                  </filter>
                </web-app>
                """.formatted(secret.toUri()));

        assertThatThrownBy(() -> PolicyFile.read(file).get(0).settings()).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(file.toString()).hasMessageNotContaining("TOP-SECRET");
    }

    @Test
    void xmlBillionLaughsIsRefusedWithoutExpanding() throws IOException {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE web-app [ <!ENTITY lol0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        Path file = write("web.xml", "<?xml version=\"1.0\"?>" + dtd + "<web-app><filter><filter-name>g</filter-name>"
                + "<filter-class>dev.originguard.servlet.OriginGuardFilter</filter-class><init-param><param-name>"
                + "trustedProxies</param-name><param-value>&lol9;</param-value></init-param></filter></web-app>");

        assertThatThrownBy(() -> PolicyFile.read(file)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("entit");
    }

    @Test
    void yamlAnchorsAndAliasesAreRefused() throws IOException {
        StringBuilder yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 9; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*a" + (i - 1)))).append("]\n");
        }
        yaml.append("originguard.trusted-proxies: *a8\n");
        Path laughs = write("laughs.yaml", yaml.toString());
        Path anchor = write("anchor.yaml", "originguard:\n  trusted-proxies: &p 10.0.0.0/8\n  direct-allow: *p\n");

        assertThatThrownBy(() -> PolicyFile.read(laughs)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(laughs.toString());
        assertThatThrownBy(() -> PolicyFile.read(anchor)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(anchor + ":2").hasMessageContaining("anchor");
    }

    @Test
    void aHugeFileIsRefusedUnread() throws IOException {
        Path file = dir.resolve("huge.properties");
        byte[] line = "# padding padding padding padding padding padding padding padding\n".getBytes(StandardCharsets.UTF_8);
        try (var out = Files.newOutputStream(file)) {
            for (int i = 0; i <= PolicyText.MAX_BYTES / line.length + 1; i++) {
                out.write(line);
            }
        }

        assertThatThrownBy(() -> PolicyFile.read(file)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("larger than");
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWithTheirLine() throws IOException {
        Path file = dir.resolve("latin1.properties");
        Files.write(file, "lockOrigin=on\ntrustedProxies=10.0.0.0/8 # caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        Path nul = dir.resolve("nul.properties");
        Files.write(nul, "lockOrigin=on\n\0\0".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> PolicyFile.read(file)).hasMessageStartingWith(file + ":2").hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> PolicyFile.read(nul)).hasMessageStartingWith(nul + ":2").hasMessageContaining("NUL");
    }

    @Test
    void malformedYamlNamesItsLine() throws IOException {
        Path file = write("bad.yaml", "originguard:\n  trusted-proxies: [10.0.0.0/8\n  lock-origin: on\n");

        assertThatThrownBy(() -> PolicyFile.read(file)).hasMessageStartingWith(file + ":").hasMessageContaining("YAML");
    }

    @Test
    void aSettingInBothThePolicyAndTheApplicationNamesBoth() throws IOException {
        Path file = write("policy.properties", "trustedProxies=10.0.0.0/8\nlockOrigin=on\n");
        PolicyFile policy = one(file);

        assertThatThrownBy(() -> policy.settingsWith(Map.of("lockOrigin", "off"), SettingsText.INIT_PARAMS,
                "web.xml filter originGuard")).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("web.xml filter originGuard lockOrigin and " + file + ":2 lockOrigin");
        OriginGuardSettings both = policy.settingsWith(Map.of("originguard.max-hops", "7"), SettingsText.PROPERTIES,
                "application.yml");
        assertThat(both.trust().maxHops()).isEqualTo(7);
        assertThat(both.lock().mode()).isEqualTo(LockOrigin.ON);
        assertThatThrownBy(() -> policy.settingsWith(Map.of("originguard.max-hops", "x"), SettingsText.PROPERTIES,
                "application.yml")).hasMessageStartingWith("application.yml originguard.max-hops");
    }

    @Test
    void checkListsEveryRefusalAtOnce() throws IOException {
        Path file = write("policy.properties", """
                trustedProxies=10.0.0.0/8, 10.0.0.0/33
                maxHops=lots
                lockOrgin=on
                rateLimitStore=local
                """);

        List<ConfigurationException> refusals = one(file).check();

        assertThat(refusals).extracting(ConfigurationException::where).containsExactlyInAnyOrder(
                file + ":3 lockOrgin", file + ":1 trustedProxies", file + ":2 maxHops", file + ":4 rateLimitStore");
    }

    @Test
    void checkFindsTheCrossSettingRefusalWhenEachValueIsFine() throws IOException {
        Path file = write("policy.properties", "lockOrigin=on\n");

        assertThat(one(file).check()).singleElement().extracting(ConfigurationException::where)
                .isEqualTo(file + ":1 lockOrigin");
    }
}
