package dev.originguard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.settings.LockOrigin;
import dev.originguard.servlet.OriginGuardFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/** Any key under {@code originguard.} that the starter does not bind fails start-up, naming it and its origin. */
class UnknownKeysTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OriginGuardAutoConfiguration.class));

    @Test
    void aMisspeltTopLevelKeyFailsWithDidYouMean() {
        runner.withPropertyValues("originguard.trusted-proxies=192.0.2.0/24", "originguard.lock-orign=on")
                .run(context -> {
                    FailureAnalysis a = analysis(context);
                    assertThat(a.getDescription()).contains("Property: originguard.lock-orign");
                    assertThat(a.getAction()).contains("Did you mean originguard.lock-origin?");
                });
    }

    @Test
    void misspeltNestedKeysFailWithDidYouMean() {
        Map<String, String> meant = Map.of(
                "originguard.rate-limit.limitz", "originguard.rate-limit.limits",
                "originguard.rate-limits.limits", "originguard.rate-limit.limits",
                "originguard.ranges.cache-dir", "originguard.ranges.cache-directory",
                "originguard.origin-secret.value", "originguard.origin-secret.values");
        meant.forEach((key, suggestion) -> runner.withPropertyValues(key + "=x").run(context -> {
            FailureAnalysis a = analysis(context);
            assertThat(a.getDescription()).as(key).contains("Property: " + key);
            assertThat(a.getAction()).as(key).contains("Did you mean " + suggestion + "?");
        }));
    }

    @Test
    void aKeyFarFromEveryKnownOneGetsNoSuggestion() {
        runner.withPropertyValues("originguard.something-else-entirely=1").run(context ->
                assertThat(analysis(context).getAction()).doesNotContain("Did you mean")
                        .contains("Remove originguard.something-else-entirely"));
    }

    @Test
    void keysBelowALeafOrAfterAnIndexAreUnknown() {
        for (String key : new String[] {"originguard.lock-origin.mode", "originguard.trusted-proxies[0].x",
                "originguard.rate-limit.mode.x"}) {
            runner.withPropertyValues(key + "=on").run(context ->
                    assertThat(analysis(context).getDescription()).as(key).contains("Property: " + key));
        }
    }

    @Test
    void theReportNamesTheFileAndLineOfAYamlKey() throws Exception {
        ClassPathResource yaml = new ClassPathResource("strict/lock-orign.yml");
        var sources = new YamlPropertySourceLoader().load("strict", yaml);
        runner.withInitializer(c -> sources.forEach(s -> c.getEnvironment().getPropertySources().addFirst(s)))
                .run(context -> {
                    FailureAnalysis a = analysis(context);
                    assertThat(a.getDescription()).contains("Property: originguard.lock-orign",
                            "Origin: class path resource [strict/lock-orign.yml] - 3:");
                    assertThat(a.getAction()).contains("Did you mean originguard.lock-origin?");
                });
    }

    @Test
    void relaxedFormsAndIndicesAreAccepted() {
        runner.withPropertyValues("originguard.trusted-proxies[0]=192.0.2.0/24",
                "originguard.trustedProxies[1]=198.51.100.7", "originguard.lockOrigin=on",
                "originguard.max_hops=5", "originguard.MAX-HEADER-LENGTH=1024", "originguard.rateLimit.ipv6Prefix=48",
                "originguard.rate-limit.paths[0]=/login=5/1m", "originguard.rate-limit.limits=off",
                "originguard.Ranges.Max-Drop=0.9").run(context -> {
                    assertThat(context).hasNotFailed();
                    OriginGuardProperties p = context.getBean(OriginGuardProperties.class);
                    assertThat(p.getLockOrigin()).isEqualTo(LockOrigin.ON);
                    assertThat(p.getMaxHops()).isEqualTo(5);
                    assertThat(p.getMaxHeaderLength()).isEqualTo(1024);
                    assertThat(p.getRateLimit().getIpv6Prefix()).isEqualTo(48);
                    assertThat(p.getRanges().getMaxDrop()).isEqualTo(0.9);
                    assertThat(p.getTrustedProxies()).containsExactly("192.0.2.0/24", "198.51.100.7");
                });
    }

    @Test
    void environmentVariablesAreCheckedAsBootMapsThem() {
        runner.withInitializer(c -> c.getEnvironment().getPropertySources().addFirst(environment(Map.of(
                "ORIGINGUARD_TRUSTEDPROXIES_0_", "192.0.2.0/24", "ORIGINGUARD_MAXHOPS", "7",
                "ORIGINGUARD_RATELIMIT_IPV6PREFIX", "56", "ORIGINGUARD_RANGES_MAX_DROP", "0.8",
                "ORIGINGUARD_LOCKORIGIN", "report")))).run(context -> {
                    assertThat(context).hasNotFailed();
                    OriginGuardProperties p = context.getBean(OriginGuardProperties.class);
                    assertThat(p.getMaxHops()).isEqualTo(7);
                    assertThat(p.getRateLimit().getIpv6Prefix()).isEqualTo(56);
                    assertThat(p.getLockOrigin()).isEqualTo(LockOrigin.REPORT);
                    assertThat(p.getRanges().getMaxDrop()).isEqualTo(0.8);
                    assertThat(p.getTrustedProxies()).containsExactly("192.0.2.0/24");
                });
        runner.withInitializer(c -> c.getEnvironment().getPropertySources().addFirst(environment(Map.of(
                "ORIGINGUARD_LOCKORGIN", "on")))).run(context -> {
                    FailureAnalysis a = analysis(context);
                    assertThat(a.getDescription()).contains("Property: ORIGINGUARD_LOCKORGIN");
                    assertThat(a.getAction()).contains("Did you mean originguard.lock-origin?");
                });
        // Boot binds neither ORIGINGUARD_RATE_LIMIT_IPV6PREFIX nor ..._RATELIMIT_IPV6_PREFIX: half of each form.
        runner.withInitializer(c -> c.getEnvironment().getPropertySources().addFirst(environment(Map.of(
                "ORIGINGUARD_RATE_LIMIT_IPV6PREFIX", "56")))).run(context ->
                        assertThat(analysis(context).getDescription())
                                .contains("Property: ORIGINGUARD_RATE_LIMIT_IPV6PREFIX"));
    }

    @Test
    void otherPrefixesAreNotOurs() {
        runner.withPropertyValues("originguardian.x=1", "other.originguard.x=1").run(context ->
                assertThat(context).hasNotFailed().hasSingleBean(OriginGuardFilter.class));
    }

    /** The derived keys are exactly those the configuration processor wrote into the metadata. */
    @Test
    void theDerivedKeysAreTheMetadatasKeys() throws Exception {
        Path metadata = Path.of("target/classes/META-INF/spring-configuration-metadata.json");
        assertThat(metadata).exists();
        Matcher m = Pattern.compile("\"name\"\\s*:\\s*\"originguard\\.([^\"]+)\"").matcher(Files.readString(metadata));
        Set<String> fromMetadata = new TreeSet<>();
        while (m.find()) {
            fromMetadata.add(m.group(1));
        }
        Set<String> groups = Set.of("origin-secret", "ranges", "rate-limit");
        fromMetadata.removeAll(groups);
        assertThat(new TreeSet<>(KnownProperties.ofProperties().keys())).isEqualTo(fromMetadata);
    }

    private static PropertySource<?> environment(Map<String, String> variables) {
        return new SystemEnvironmentPropertySource("test-systemEnvironment", new HashMap<String, Object>(variables));
    }

    static FailureAnalysis analysis(AssertableWebApplicationContext context) {
        assertThat(context).hasFailed();
        FailureAnalysis a = new ConfigurationFailureAnalyzer.UnknownKeys().analyze(context.getStartupFailure());
        assertThat(a).as("an unknown-key analysis of %s", context.getStartupFailure()).isNotNull();
        return a;
    }
}
