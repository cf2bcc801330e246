package dev.originguard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.ConfigurationException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * Every start-up failure speaks the starter's vocabulary: the {@code originguard.*} property as written, the
 * value and why, never the filter's init-param names; and the action fits the cause.
 */
class PropertyVocabularyTest {

    /** The filter's init-param names (and start-up policy spelling) a Boot user must never be shown. */
    private static final Pattern INIT_PARAM = Pattern.compile("\\b(trustedProxies|clientIpHeader|clientIpHeaderFrom"
            + "|lockOrigin|directAllow|lockOriginExemptPaths|rateLimitExempt|maxHops|maxHeaderLength|protocolHeader"
            + "|hostHeader|portHeader|exemptTrustedProxies|removeForwardingHeaders|rateLimit[A-Za-z0-9]*"
            + "|originSecret|startupPolicy|CACHE_ELSE_FAIL|CACHE_ELSE_EMPTY)\\b");

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OriginGuardAutoConfiguration.class));

    /** Property, bad value, and any other properties it needs to be reached. */
    private static final List<List<String>> BAD = List.of(
            List.of("trusted-proxies", "10.0.0.0/33"),
            List.of("client-ip-header", "Bad Header"),
            List.of("client-ip-header-from", "10.0.0.0/33", "originguard.trusted-proxies=10.0.0.1"),
            List.of("lock-origin", "on"),
            List.of("direct-allow", "example.com"),
            List.of("lock-origin-exempt-paths", "health"),
            List.of("rate-limit-exempt", "10.0.0.0/33"),
            List.of("max-hops", "0"),
            List.of("max-header-length", "1"),
            List.of("protocol-header", "Bad Header"),
            List.of("host-header", "Bad Header"),
            List.of("port-header", "Forwarded"),
            List.of("origin-secret.header", "X-Origin-Secret"), // values missing: reported on values
            List.of("origin-secret.header", "Bad Header", "originguard.origin-secret.values=0123456789abcdef-x"),
            List.of("origin-secret.values", "tooshort", "originguard.origin-secret.header=X-Origin-Secret"),
            List.of("ranges.refresh-interval", "10s"),
            List.of("ranges.max-drop", "2"),
            List.of("ranges.max-age", "0s"),
            List.of("rate-limit.limits", "100/1x"),
            List.of("rate-limit.limits", "off", "originguard.rate-limit.paths=/x=off"),
            List.of("rate-limit.paths", "/x=lots", "originguard.rate-limit.limits=100/1m"),
            List.of("rate-limit.store", "memcached://x", "originguard.rate-limit.limits=100/1m"),
            List.of("rate-limit.store", "redis://:pw@x", ""),
            List.of("rate-limit.mode", "report", ""),
            List.of("rate-limit.max-clients", "1", "originguard.rate-limit.limits=100/1m"),
            List.of("rate-limit.store-timeout", "1ms", "originguard.rate-limit.limits=100/1m"),
            List.of("rate-limit.key-prefix", "a b", "originguard.rate-limit.limits=100/1m"),
            List.of("rate-limit.log-interval", "0ms", "originguard.rate-limit.limits=100/1m"),
            List.of("rate-limit.ipv6-prefix", "200"));

    /** Values the binder itself refuses (an enum, a number, a duration): Boot's own report names the property. */
    private static final Map<String, String> UNBINDABLE = Map.of(
            "lock-origin", "sometimes",
            "remove-forwarding-headers", "some",
            "rate-limit.mode", "maybe",
            "rate-limit.fail-mode", "ajar",
            "ranges.startup", "later",
            "rate-limit.headers", "loud",
            "max-hops", "many");

    @Test
    void everyBadValueIsReportedByItsPropertyNeverByItsInitParam() {
        for (List<String> bad : BAD) {
            String property = "originguard." + bad.get(0);
            String[] values = bad.size() > 2 && !bad.get(2).isEmpty()
                    ? new String[] {property + "=" + bad.get(1), bad.get(2)}
                    : new String[] {property + "=" + bad.get(1)};
            runner.withPropertyValues(values).run(context -> {
                assertThat(context).as(property).hasFailed();
                FailureAnalysis a = new ConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
                assertThat(a).as("analysis of %s", property).isNotNull();
                String named = bad.get(1).equals("X-Origin-Secret") ? "originguard.origin-secret.values" : property;
                assertThat(a.getDescription()).as(property).contains("Property: " + named)
                        .contains("Value: '").contains("Reason: ");
                assertThat(INIT_PARAM.matcher(a.getDescription()).find()).as("init-param in: %s", a.getDescription())
                        .isFalse();
                assertThat(a.getAction()).as(property).contains("Correct " + named);
                if (bad.get(0).equals("rate-limit.mode")) {
                    assertThat(a.getDescription()).contains("Value: 'report'");
                }
            });
        }
    }

    @Test
    void valuesTheBinderRefusesAreReportedByTheirProperty() {
        UNBINDABLE.forEach((property, value) -> runner.withPropertyValues("originguard." + property + "=" + value)
                .run(context -> {
                    assertThat(context).as(property).hasFailed();
                    StringBuilder messages = new StringBuilder();
                    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                        messages.append(t.getMessage()).append('\n');
                    }
                    assertThat(messages).as(property).contains("originguard." + property);
                    assertThat(INIT_PARAM.matcher(messages).find()).as("init-param in: %s", messages).isFalse();
                }));
    }

    @Test
    void anUnreachableSourceAtStartUpPointsAtTheStartUpPolicyAndTheCache() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/ranges.txt";
        runner.withPropertyValues("originguard.trusted-proxies=" + url, "originguard.ranges.startup=cache-else-fail")
                .run(context -> {
                    ConfigurationException e = OriginGuardAutoConfigurationTest.refusal(context.getStartupFailure());
                    assertThat(e.where()).isEqualTo("originguard.trusted-proxies");
                    FailureAnalysis a = new ConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(a.getDescription()).contains("Property: originguard.trusted-proxies", url,
                            "originguard.ranges.startup=cache-else-fail");
                    assertThat(INIT_PARAM.matcher(a.getDescription()).find()).as(a.getDescription()).isFalse();
                    assertThat(a.getAction()).contains("originguard.ranges.startup=cache-else-empty",
                            "originguard.ranges.cache-directory").doesNotContain("Correct");
                });
    }
}
