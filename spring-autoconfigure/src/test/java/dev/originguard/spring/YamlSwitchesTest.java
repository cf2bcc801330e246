package dev.originguard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.ClientIpResolver;
import dev.originguard.ratelimit.RateLimitSettings;
import dev.originguard.settings.LockOrigin;
import dev.originguard.servlet.OriginGuardFilter;
import dev.originguard.servlet.OriginGuardStatus;
import dev.originguard.settings.RemoveForwardingHeaders;
import dev.originguard.source.RefreshSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * YAML as users write it: unquoted on/off (which YAML 1.1 reads as booleans) wherever a setting is a switch or a
 * mode, the examples of docs/spring-boot.md, and the defaults of the properties against the builders'.
 */
class YamlSwitchesTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OriginGuardAutoConfiguration.class));

    @Test
    void unquotedOnAndOffBindEverySwitchAndMode() {
        runner.withInitializer(yaml("""
                originguard:
                  trusted-proxies: 192.0.2.0/24
                  lock-origin: on
                  exempt-trusted-proxies: off
                  remove-forwarding-headers: off
                  rate-limit:
                    limits: 100/1m
                    mode: on
                    headers: on
                """)).run(context -> {
                    assertThat(context).hasNotFailed();
                    OriginGuardProperties p = context.getBean(OriginGuardProperties.class);
                    assertThat(p.getLockOrigin()).isEqualTo(LockOrigin.ON);
                    assertThat(p.isExemptTrustedProxies()).isFalse();
                    assertThat(p.getRemoveForwardingHeaders()).isEqualTo(RemoveForwardingHeaders.OFF);
                    assertThat(p.getRateLimit().getMode()).isEqualTo(RateLimitSettings.Mode.ON);
                    assertThat(p.getRateLimit().isHeaders()).isTrue();
                    OriginGuardStatus status = context.getBean(OriginGuardFilter.class).status();
                    assertThat(status.lockOrigin()).isEqualTo(LockOrigin.ON);
                    assertThat(status.rateLimit()).isNotNull();
                });
        runner.withInitializer(yaml("""
                originguard:
                  lock-origin: off
                  rate-limit:
                    limits: off
                    paths:
                      - /login=5/1m
                    mode: report
                    fail-mode: closed
                    headers: off
                """)).run(context -> {
                    assertThat(context).hasNotFailed();
                    OriginGuardProperties p = context.getBean(OriginGuardProperties.class);
                    assertThat(p.getLockOrigin()).isEqualTo(LockOrigin.OFF);
                    RateLimitSettings s = FilterFromProperties.rateLimit(p.getRateLimit());
                    assertThat(s.limits()).isEmpty();
                    assertThat(s.pathRules()).extracting(Object::toString).containsExactly("/login=5/1m");
                    assertThat(s.mode()).isEqualTo(RateLimitSettings.Mode.REPORT);
                    assertThat(s.failMode()).isEqualTo(RateLimitSettings.FailMode.CLOSED);
                    assertThat(s.headers()).isFalse();
                    assertThat(context.getBean(OriginGuardFilter.class).status().rateLimit()).isNotNull();
                });
    }

    @Test
    void limitsOffWithoutPathsIsNoRateLimiting() {
        runner.withInitializer(yaml("""
                originguard:
                  rate-limit:
                    limits: off
                """)).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(OriginGuardFilter.class).status().rateLimit()).isNull();
                });
    }

    /** Every yaml block of docs/spring-boot.md binds, unknown keys checked, over a real context. */
    @Test
    void theDocsYamlExamplesBind() throws Exception {
        String page = Files.readString(Path.of("../docs/spring-boot.md"));
        Matcher m = Pattern.compile("(?ms)^```ya?ml\\n(.*?)^```").matcher(page);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks).as("yaml blocks in docs/spring-boot.md").isNotEmpty();
        for (String block : blocks) {
            // Binding only: building the filter would fetch the docs' cloudflare ranges from the network.
            new ApplicationContextRunner().withUserConfiguration(OriginGuardPropertiesConfiguration.class)
                    .withInitializer(yaml(block)).run(context -> {
                        assertThat(context).as(block).hasNotFailed();
                        OriginGuardProperties p = context.getBean(OriginGuardProperties.class);
                        if (block.contains("lock-origin: on")) {
                            assertThat(p.getLockOrigin()).as(block).isEqualTo(LockOrigin.ON);
                        }
                        if (!p.getRateLimit().getLimits().isEmpty()) {
                            assertThat(FilterFromProperties.rateLimit(p.getRateLimit())).as(block).isNotNull();
                        }
                    });
        }
    }

    /** {@code new OriginGuardProperties()} configures what the builders do when nothing is set. */
    @Test
    void thePropertiesDefaultsAreTheBuildersDefaults() {
        OriginGuardProperties p = new OriginGuardProperties();
        OriginGuardStatus filter = OriginGuardFilter.builder().build().status();
        assertThat(p.getLockOrigin()).isEqualTo(filter.lockOrigin());
        assertThat(p.getClientIpHeader()).isEqualTo(filter.clientIpHeader()).isEqualTo(ClientIpResolver.DEFAULT_HEADER);
        assertThat(p.getTrustedProxies()).isEmpty();
        assertThat(filter.sets().get(0).rangeCount()).isZero();
        assertThat(p.getMaxHops()).isEqualTo(ClientIpResolver.DEFAULT_MAX_HOPS);
        assertThat(p.getMaxHeaderLength()).isEqualTo(ClientIpResolver.DEFAULT_MAX_HEADER_LENGTH);
        assertThat(p.getRateLimit().getIpv6Prefix()).isEqualTo(ClientIpResolver.DEFAULT_RATE_LIMIT_IPV6_PREFIX);
        assertThat(filter.rateLimit()).isNull();
        assertThat(p.getRateLimit().getLimits()).isEmpty();
        assertThat(p.getOriginSecret().getHeader()).isNull();
        assertThat(filter.originSecretRequired()).isFalse();

        RefreshSettings refresh = RefreshSettings.defaults();
        assertThat(p.getRanges().getRefreshInterval()).isEqualTo(refresh.interval());
        assertThat(p.getRanges().getStartup()).isEqualTo(refresh.startupPolicy());
        assertThat(p.getRanges().getMaxDrop()).isEqualTo(refresh.maxDropFraction());
        assertThat(p.getRanges().getCacheDirectory()).isNull();
        assertThat(refresh.cacheDirectory()).isEmpty();

        RateLimitSettings limits = RateLimitSettings.builder().limits("100/1m").build();
        OriginGuardProperties.RateLimit r = p.getRateLimit();
        assertThat(r.getStore()).isEqualTo(limits.store());
        assertThat(r.getMode()).isEqualTo(limits.mode());
        assertThat(r.getFailMode()).isEqualTo(limits.failMode());
        assertThat(r.isHeaders()).isEqualTo(limits.headers());
        assertThat(r.getMaxClients()).isEqualTo(limits.maxClients());
        assertThat(r.getStoreTimeout()).isEqualTo(limits.storeTimeout());
        assertThat(r.getKeyPrefix()).isEqualTo(limits.keyPrefix());
        assertThat(r.getLogInterval()).isEqualTo(limits.logInterval());
        assertThat(limits.pathRules()).isEmpty();
        assertThat(r.getPaths()).isEmpty();

        // And through the starter: the defaults with limits set give the builder's settings, field for field.
        r.setLimits(List.of("100/1m"));
        assertThat(FilterFromProperties.rateLimit(r).toString()).isEqualTo(limits.toString());
    }

    /** Adds the YAML document as the highest-precedence property source, read as Boot reads application.yml. */
    static ApplicationContextInitializer<ConfigurableApplicationContext> yaml(String text) {
        return context -> {
            try {
                List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("test.yml",
                        new ByteArrayResource(text.getBytes(StandardCharsets.UTF_8), "test.yml"));
                sources.forEach(s -> context.getEnvironment().getPropertySources().addFirst(s));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }
}
