package dev.originguard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.ConfigurationException;
import dev.originguard.Resolution;
import dev.originguard.settings.LockOrigin;
import dev.originguard.servlet.OriginGuardFilter;
import dev.originguard.servlet.OriginGuardStatus;
import dev.originguard.settings.RemoveForwardingHeaders;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.util.ReflectionTestUtils;

class OriginGuardAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OriginGuardAutoConfiguration.class));

    @Test
    void registersTheFilterForEveryDispatchBeforeSpringSecurity() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(OriginGuardFilter.class);
            @SuppressWarnings("unchecked")
            FilterRegistrationBean<OriginGuardFilter> registration = context.getBean(
                    OriginGuardAutoConfiguration.REGISTRATION_BEAN_NAME, FilterRegistrationBean.class);
            assertThat(registration.getFilter()).isSameAs(context.getBean(OriginGuardFilter.class));
            assertThat(registration.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE + 10).isLessThan(-100);
            assertThat(registration.isAsyncSupported()).isTrue();
            assertThat(registration.getUrlPatterns()).containsExactly("/*");
            @SuppressWarnings("unchecked")
            Set<DispatcherType> types = (Set<DispatcherType>) ReflectionTestUtils.getField(registration,
                    "dispatcherTypes");
            assertThat(types).isEqualTo(EnumSet.allOf(DispatcherType.class));
            // Defaults: nothing trusted, lock off, no rate limiting.
            OriginGuardStatus status = context.getBean(OriginGuardFilter.class).status();
            assertThat(status.lockOrigin()).isEqualTo(LockOrigin.OFF);
            assertThat(status.clientIpHeader()).isEqualTo("X-Forwarded-For");
            assertThat(status.sets().get(0).rangeCount()).isZero();
            assertThat(status.rateLimit()).isNull();
        });
    }

    @Test
    void filterOrderIsAProperty() {
        runner.withPropertyValues("originguard.filter-order=-500").run(context ->
                assertThat(context.getBean(OriginGuardAutoConfiguration.REGISTRATION_BEAN_NAME,
                        FilterRegistrationBean.class).getOrder()).isEqualTo(-500));
    }

    @Test
    void enabledFalseTurnsItOff() {
        runner.withPropertyValues("originguard.enabled=false", "originguard.trusted-proxies=10.0.0.0/33")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(OriginGuardFilter.class)
                        .doesNotHaveBean(FilterRegistrationBean.class));
    }

    @Test
    void notInANonWebApplication() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OriginGuardAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(OriginGuardFilter.class));
    }

    @Test
    void backsOffForTheApplicationsOwnFilterBean() {
        runner.withUserConfiguration(OwnFilter.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(OriginGuardFilter.class)
                    .doesNotHaveBean(OriginGuardAutoConfiguration.REGISTRATION_BEAN_NAME);
            assertThat(context.getBean(OriginGuardFilter.class).status().lockOrigin()).isEqualTo(LockOrigin.REPORT);
        });
    }

    @Test
    void backsOffForTheApplicationsOwnRegistration() {
        runner.withUserConfiguration(OwnRegistration.class).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(OriginGuardFilter.class)
                    .doesNotHaveBean(OriginGuardAutoConfiguration.REGISTRATION_BEAN_NAME);
            assertThat(context.getBean("myRegistration", FilterRegistrationBean.class).getOrder()).isEqualTo(7);
        });
    }

    @Test
    void bindsClientIpSourcesAndTheProxyCertificate() {
        runner.withPropertyValues(
                "originguard.trusted-proxies=192.0.2.0/24",
                "originguard.client-ip-sources=CF-Connecting-IP from 173.245.48.0/20; "
                        + "X-Forwarded-For from 10.0.0.0/8, 173.245.48.0/20",
                "originguard.proxy-certificate=subject:CN=origin-pull.test, O=Proxy",
                "originguard.proxy-certificate-from=173.245.48.0/20",
                "originguard.tls-schemes=https, wss, h3").run(context -> {
                    assertThat(context).hasNotFailed();
                    OriginGuardStatus status = context.getBean(OriginGuardFilter.class).status();
                    assertThat(status.clientIpHeader()).isEqualTo("CF-Connecting-IP, X-Forwarded-For");
                    assertThat(status.sets()).extracting(OriginGuardStatus.AddressSetStatus::name)
                            .contains("clientIpSources[CF-Connecting-IP]", "clientIpSources[X-Forwarded-For]",
                                    "proxyCertificateFrom");
                });
    }

    @Test
    void clientIpSourcesWithClientIpHeaderStopsStartUpNamingTheProperty() {
        runner.withPropertyValues("originguard.client-ip-header=X-Real-IP",
                "originguard.client-ip-sources=X-Real-IP from 10.0.0.0/8").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasStackTraceContaining("originguard.client-ip-sources")
                            .hasStackTraceContaining("cannot be set with");
                });
    }

    @Test
    void bindsEverySettingFromCommaStrings() {
        runner.withPropertyValues(
                "originguard.trusted-proxies=192.0.2.0/24, 198.51.100.7,2001:db8::/32",
                "originguard.client-ip-header=X-Real-IP",
                "originguard.client-ip-header-from=192.0.2.0/24",
                "originguard.lock-origin=report",
                "originguard.direct-allow=loopback",
                "originguard.lock-origin-exempt-paths=/health, /status/*",
                "originguard.rate-limit-exempt=203.0.113.0/28",
                "originguard.max-hops=5",
                "originguard.max-header-length=1024",
                "originguard.remove-forwarding-headers=untrusted",
                "originguard.protocol-header=none",
                "originguard.host-header=X-Forwarded-Host",
                "originguard.port-header=X-Forwarded-Port",
                "originguard.origin-secret.header=X-Origin-Secret",
                "originguard.origin-secret.values=0123456789abcdef-old,0123456789abcdef-new",
                "originguard.ranges.refresh-interval=30m",
                "originguard.ranges.startup=cache-else-empty",
                "originguard.ranges.max-drop=0.9",
                "originguard.ranges.max-growth=3",
                "originguard.ranges.max-ipv4-addresses=1000000",
                "originguard.ranges.max-ipv6-slash64s=5000",
                "originguard.rate-limit.limits=100/1m, 2000/1h",
                "originguard.rate-limit.paths=/login=5/1m, 50/1h; /static/*=off",
                "originguard.rate-limit.mode=report",
                "originguard.rate-limit.fail-mode=closed",
                "originguard.rate-limit.headers=false",
                "originguard.rate-limit.max-clients=1000",
                "originguard.rate-limit.ipv6-prefix=56").run(context -> {
                    assertThat(context).hasNotFailed();
                    OriginGuardStatus status = context.getBean(OriginGuardFilter.class).status();
                    assertThat(status.lockOrigin()).isEqualTo(LockOrigin.REPORT);
                    assertThat(status.clientIpHeader()).isEqualTo("X-Real-IP");
                    assertThat(status.originSecretRequired()).isTrue();
                    assertThat(status.sets()).extracting(OriginGuardStatus.AddressSetStatus::name)
                            .containsExactly("trustedProxies", "directAllow", "rateLimitExempt", "clientIpHeaderFrom");
                    assertThat(status.sets().get(0).rangeCount()).isEqualTo(3);
                    assertThat(status.sets().get(2).rangeCount()).isEqualTo(1);
                    assertThat(status.rateLimit()).isNotNull();
                    OriginGuardProperties p = context.getBean(OriginGuardProperties.class);
                    assertThat(p.getRateLimit().getPaths()).containsExactly("/login=5/1m, 50/1h; /static/*=off");
                    assertThat(p.getLockOriginExemptPaths()).containsExactly("/health", "/status/*");
                    assertThat(p.getRemoveForwardingHeaders()).isEqualTo(RemoveForwardingHeaders.UNTRUSTED);
                    assertThat(p.getRanges().getMaxGrowth()).isEqualTo(3.0);
                    assertThat(p.getRanges().getMaxIpv4Addresses()).isEqualTo(1_000_000L);
                    assertThat(p.getRanges().getMaxIpv6Slash64s()).isEqualTo(5000L);
                    assertThat(p.toString()).doesNotContain("0123456789abcdef");
                    assertThat(p.getOriginSecret().toString()).doesNotContain("0123456789abcdef");
                });
    }

    @Test
    void aTrustedProxysOwnRequestStopsBeingExemptWhenExemptTrustedProxiesIsFalse() {
        for (boolean exempt : new boolean[] {true, false}) {
            runner.withPropertyValues("originguard.trusted-proxies=10.0.0.1",
                    "originguard.exempt-trusted-proxies=" + exempt).run(context -> {
                        OriginGuardFilter filter = context.getBean(OriginGuardFilter.class);
                        MockHttpServletRequest request = new MockHttpServletRequest();
                        request.setRemoteAddr("10.0.0.1");
                        AtomicReference<Resolution> seen = new AtomicReference<>();
                        filter.doFilter(request, new MockHttpServletResponse(),
                                (req, res) -> seen.set(OriginGuardFilter.resolution(req)));
                        assertThat(seen.get().rateLimitExempt()).as("exempt-trusted-proxies=" + exempt)
                                .isEqualTo(exempt);
                    });
        }
    }

    @Test
    void bindsListsAsYamlGivesThem() {
        runner.withPropertyValues(
                "originguard.trusted-proxies[0]=192.0.2.0/24",
                "originguard.trusted-proxies[1]=loopback",
                "originguard.rate-limit.limits[0]=100/1m",
                "originguard.rate-limit.paths[0]=/login=5/1m, 50/1h",
                "originguard.rate-limit.paths[1]=/api/*=1000/1h").run(context -> {
                    assertThat(context).hasNotFailed();
                    OriginGuardStatus status = context.getBean(OriginGuardFilter.class).status();
                    assertThat(status.sets().get(0).rangeCount()).isEqualTo(3); // 192.0.2.0/24, 127/8, ::1
                    assertThat(context.getBean(OriginGuardProperties.class).getRateLimit().getPaths())
                            .containsExactly("/login=5/1m, 50/1h", "/api/*=1000/1h");
                });
    }

    @Test
    void aBadAddressNamesThePropertyTheValueAndWhy() {
        assertRefused("originguard.trusted-proxies=192.0.2.0/24, 10.0.0.0/33", "originguard.trusted-proxies",
                "10.0.0.0/33");
    }

    @Test
    void badValuesOfEveryKindNameTheirProperty() {
        assertRefused("originguard.max-hops=0", "originguard.max-hops", "0");
        assertRefused("originguard.client-ip-header=Bad Header", "originguard.client-ip-header", "Bad Header");
        assertRefused("originguard.direct-allow=example.com", "originguard.direct-allow", "example.com");
        assertRefused("originguard.lock-origin-exempt-paths=health", "originguard.lock-origin-exempt-paths",
                "health");
        assertRefused("originguard.rate-limit.limits=100/1x", "originguard.rate-limit.limits", "100/1x");
        assertRefused("originguard.rate-limit.ipv6-prefix=200", "originguard.rate-limit.ipv6-prefix", "200");
        assertRefused("originguard.ranges.refresh-interval=10s", "originguard.ranges.refresh-interval", "10s");
        assertRefused("originguard.ranges.max-drop=2", "originguard.ranges.max-drop", "2.0");
        assertRefused("originguard.ranges.max-growth=-1", "originguard.ranges.max-growth", "-1.0");
        assertRefused("originguard.ranges.max-ipv4-addresses=0", "originguard.ranges.max-ipv4-addresses", "0");
        assertRefused("originguard.ranges.max-ipv6-slash64s=0", "originguard.ranges.max-ipv6-slash64s", "0");
        assertRefused("originguard.port-header=Forwarded", "originguard.port-header", "Forwarded");
    }

    @Test
    void lockingWithNothingTrustedIsRefused() {
        assertRefused("originguard.lock-origin=on", "originguard.lock-origin", "on");
    }

    @Test
    void rateLimitSettingsWithoutLimitsAreRefusedWithoutThePassword() {
        runner.withPropertyValues("originguard.rate-limit.store=redis://:hunter2secret@redis.internal:6379/0")
                .run(context -> {
                    ConfigurationException e = refusal(context.getStartupFailure());
                    assertThat(e.where()).isEqualTo("originguard.rate-limit.store");
                    assertThat(e.getMessage()).doesNotContain("hunter2secret");
                });
    }

    @Test
    void aBadSecretIsNeverPrinted() {
        runner.withPropertyValues("originguard.origin-secret.header=X-Origin-Secret",
                "originguard.origin-secret.values=tooshort-s3cr3t").run(context -> {
                    ConfigurationException e = refusal(context.getStartupFailure());
                    assertThat(e.where()).isEqualTo("originguard.origin-secret.values");
                    assertThat(e.getMessage()).doesNotContain("tooshort-s3cr3t");
                    FailureAnalysis analysis = new ConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).doesNotContain("tooshort-s3cr3t");
                });
        runner.withPropertyValues("originguard.origin-secret.values=0123456789abcdef-only").run(context ->
                assertThat(refusal(context.getStartupFailure()).where()).isEqualTo("originguard.origin-secret.header"));
    }

    @Test
    void theFailureAnalysisReadsPropertyValueReason() {
        runner.withPropertyValues("originguard.max-hops=5000").run(context -> {
            FailureAnalysis analysis = new ConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("Property: originguard.max-hops", "Value: '5000'",
                    "Reason: is out of range");
            assertThat(analysis.getAction()).contains("originguard.max-hops");
        });
    }

    private void assertRefused(String property, String where, String value) {
        runner.withPropertyValues(property).run(context -> {
            ConfigurationException e = refusal(context.getStartupFailure());
            assertThat(e.where()).startsWith(where);
            assertThat(e.value()).isEqualTo(value);
            assertThat(e.reason()).isNotBlank();
            assertThat(e.getMessage()).startsWith(where);
        });
    }

    static ConfigurationException refusal(Throwable failure) {
        assertThat(failure).as("start-up failure").isNotNull();
        Throwable t = failure;
        while (t != null && !(t instanceof ConfigurationException)) {
            t = t.getCause();
        }
        assertThat(t).as("a ConfigurationException in the cause chain of %s", failure).isNotNull();
        return (ConfigurationException) t;
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFilter {
        @Bean
        OriginGuardFilter myFilter() {
            return OriginGuardFilter.builder().trustedProxies("192.0.2.0/24").lockOrigin(LockOrigin.REPORT).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRegistration {
        @Bean
        FilterRegistrationBean<OriginGuardFilter> myRegistration() {
            FilterRegistrationBean<OriginGuardFilter> registration = new FilterRegistrationBean<>(
                    OriginGuardFilter.builder().build());
            registration.setOrder(7);
            return registration;
        }
    }
}
