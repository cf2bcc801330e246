package dev.originguard.ratelimit;

import dev.originguard.ConfigurationException;
import dev.originguard.settings.SettingsText;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimitSettingsTest {

    private static RateLimitSettings parse(Map<String, String> params) {
        return SettingsText.read(params, SettingsText.INIT_PARAMS).rateLimit();
    }

    private static String paths(RateLimitSettings s) {
        return String.join("; ", s.pathRules().stream().map(PathRule::toString).toList());
    }

    @Test
    void unsetRateLimitMeansLimitingOff() {
        assertThat(parse(Map.of())).isNull();
        assertThat(parse(Map.of("rateLimit", "  "))).isNull();
        assertThat(parse(Map.of("rateLimit", "off"))).isNull();
    }

    @Test
    void defaultsAreDocumented() {
        RateLimitSettings s = parse(Map.of("rateLimit", "100/1m, 2000/1h"));
        assertThat(Rate.toString(s.limits())).isEqualTo("100/1m, 2000/1h");
        assertThat(s.pathRules()).isEmpty();
        assertThat(s.store()).isEqualTo("local");
        assertThat(s.mode()).isEqualTo(RateLimitSettings.Mode.ON);
        assertThat(s.failMode()).isEqualTo(RateLimitSettings.FailMode.OPEN);
        assertThat(s.headers()).isTrue();
        assertThat(s.maxClients()).isEqualTo(100_000);
        assertThat(s.storeTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.keyPrefix()).isEqualTo("originguard:rl:");
        assertThat(s.logInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.storeConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.ipv6AggregatePrefix()).isEqualTo(48);
        assertThat(s.ipv6AggregateMultiple()).isEqualTo(16);
    }

    @Test
    void everyInitParamIsRead() {
        RateLimitSettings s = parse(Map.ofEntries(
                Map.entry("rateLimit", "10/s"),
                Map.entry("rateLimitPaths", "/login=5/1m; /api/*=1000/1h, 50/10s\n*.php=off"),
                Map.entry("rateLimitStore", "redis://:secret@redis.internal:6379/2"),
                Map.entry("rateLimitMode", "REPORT"),
                Map.entry("rateLimitFailMode", "closed"),
                Map.entry("rateLimitHeaders", "off"),
                Map.entry("rateLimitMaxClients", "250_000"),
                Map.entry("rateLimitStoreTimeout", "150ms"),
                Map.entry("rateLimitKeyPrefix", "shop:rl:"),
                Map.entry("rateLimitLogInterval", "10s"),
                Map.entry("rateLimitStoreConnectTimeout", "5s"),
                Map.entry("rateLimitIpv6AggregatePrefix", "56"),
                Map.entry("rateLimitIpv6AggregateMultiple", "4")));
        assertThat(Rate.toString(s.limits())).isEqualTo("10/1s");
        assertThat(paths(s)).isEqualTo("/login=5/1m; /api/*=1000/1h, 50/10s; *.php=off");
        assertThat(s.store()).isEqualTo("redis://***@redis.internal:6379/2");
        assertThat(s.toString()).doesNotContain("secret");
        assertThat(s.mode()).isEqualTo(RateLimitSettings.Mode.REPORT);
        assertThat(s.failMode()).isEqualTo(RateLimitSettings.FailMode.CLOSED);
        assertThat(s.headers()).isFalse();
        assertThat(s.maxClients()).isEqualTo(250_000);
        assertThat(s.storeTimeout()).isEqualTo(Duration.ofMillis(150));
        assertThat(s.keyPrefix()).isEqualTo("shop:rl:");
        assertThat(s.logInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.storeConnectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.ipv6AggregatePrefix()).isEqualTo(56);
        assertThat(s.ipv6AggregateMultiple()).isEqualTo(4);
        assertThat(parse(Map.of("rateLimit", "1/1s", "rateLimitIpv6AggregatePrefix", "off")).ipv6AggregatePrefix())
                .isZero();
        assertThatThrownBy(() -> parse(Map.of("rateLimit", "1/1s", "rateLimitIpv6AggregatePrefix", "128")))
                .hasMessageStartingWith("rateLimitIpv6AggregatePrefix: '128' is out of range");
        assertThatThrownBy(() -> parse(Map.of("rateLimit", "1/1s", "rateLimitIpv6AggregateMultiple", "0")))
                .hasMessageStartingWith("rateLimitIpv6AggregateMultiple: '0' is out of range");
    }

    @Test
    void badRateNamesTheParamTheValueAndTheSyntax() {
        assertThatThrownBy(() -> parse(Map.of("rateLimit", "100/1x")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("rateLimit: '100/1x' is not a rate")
                .hasMessageContaining("100/1m");
        assertThatThrownBy(() -> parse(Map.of("rateLimit", "100/1m,,5/1s")))
                .hasMessageStartingWith("rateLimit: '100/1m,,5/1s' has an empty rate");
        assertThatThrownBy(() -> parse(Map.of("rateLimit", "0/1m")))
                .hasMessageStartingWith("rateLimit: '0/1m' is out of range");
        assertThatThrownBy(() -> parse(Map.of("rateLimit", "5/500ms")))
                .hasMessageStartingWith("rateLimit: '5/500ms' is out of range: the period must be between 1s and 7d");
        assertThatThrownBy(() -> parse(Map.of("rateLimit", "-5/1m")))
                .hasMessageStartingWith("rateLimit: '-5/1m' is not a rate");
    }

    @Test
    void badPathRulesAndOptionsAreRefusedWithTheirParam() {
        assertThatThrownBy(() -> parse(Map.of("rateLimit", "1/1s", "rateLimitPaths", "/login:5/1m")))
                .hasMessageStartingWith("rateLimitPaths: '/login:5/1m' is not a path rule");
        assertThatThrownBy(() -> parse(Map.of("rateLimit", "1/1s", "rateLimitPaths", "/a*b=5/1m")))
                .hasMessageStartingWith("rateLimitPaths: '/a*b' is not a path pattern");
        assertThatThrownBy(() -> parse(Map.of("rateLimit", "1/1s", "rateLimitPaths", "/login=5/1y")))
                .hasMessageStartingWith("rateLimitPaths: '5/1y' is not a rate");
        assertThatThrownBy(() -> parse(Map.of("rateLimit", "1/1s", "rateLimitMode", "enforce")))
                .hasMessage("rateLimitMode: 'enforce' is not one of on, report");
        assertThatThrownBy(() -> parse(Map.of("rateLimit", "1/1s", "rateLimitFailMode", "shut")))
                .hasMessage("rateLimitFailMode: 'shut' is not one of open, closed");
        assertThatThrownBy(() -> parse(Map.of("rateLimit", "1/1s", "rateLimitHeaders", "yes")))
                .hasMessage("rateLimitHeaders: 'yes' is not one of on, off, true, false");
        assertThatThrownBy(() -> parse(Map.of("rateLimit", "1/1s", "rateLimitMaxClients", "10")))
                .hasMessageStartingWith("rateLimitMaxClients: '10' is out of range");
        assertThatThrownBy(() -> parse(Map.of("rateLimit", "1/1s", "rateLimitMaxClients", "lots")))
                .hasMessage("rateLimitMaxClients: 'lots' is not a whole number");
        assertThatThrownBy(() -> parse(Map.of("rateLimit", "1/1s", "rateLimitStoreTimeout", "1 minute")))
                .hasMessageStartingWith("rateLimitStoreTimeout: '1 minute' is not a duration");
        assertThatThrownBy(() -> parse(Map.of("rateLimit", "1/1s", "rateLimitStoreTimeout", "1m")))
                .hasMessageStartingWith("rateLimitStoreTimeout: '1m' is out of range");
        assertThatThrownBy(() -> parse(Map.of("rateLimit", "1/1s", "rateLimitKeyPrefix", "a b")))
                .hasMessageStartingWith("rateLimitKeyPrefix: 'a b' is not a key prefix");
    }

    @Test
    void storeMustBeLocalOrRedisAndTheErrorHidesThePassword() {
        assertThatThrownBy(() -> parse(Map.of("rateLimit", "1/1s", "rateLimitStore", "memcached://cache:11211")))
                .hasMessageStartingWith("rateLimitStore: 'memcached://cache:11211' is not a store");
        assertThatThrownBy(() -> parse(Map.of("rateLimit", "1/1s", "rateLimitStore", "redis://u:hunter2@h:6379/x y")))
                .hasMessageStartingWith("rateLimitStore: 'redis://***@h:6379/x y' is not a valid URI")
                .hasMessageNotContaining("hunter2");
        assertThat(parse(Map.of("rateLimit", "1/1s", "rateLimitStore", "LOCAL")).store()).isEqualTo("local");
    }

    @Test
    void aClusterStoreTakesSeedNodesAndRefusesAKeyPrefixWithAHashTag() {
        RateLimitSettings s = parse(Map.of("rateLimit", "1/1s",
                "rateLimitStore", "redis-cluster://:hunter2@h1:7000,h2:7001,h3:7002"));
        assertThat(s.storeUri()).isEqualTo("redis-cluster://:hunter2@h1:7000,h2:7001,h3:7002");
        assertThat(s.store()).doesNotContain("hunter2");
        assertThat(parse(Map.of("rateLimit", "1/1s", "rateLimitStore", "rediss-cluster://h1:7000")).storeUri())
                .startsWith("rediss-cluster://");
        // {rl} would put every bucket in one slot, on one master
        assertThatThrownBy(() -> parse(Map.of("rateLimit", "1/1s", "rateLimitStore", "redis-cluster://h1:7000",
                "rateLimitKeyPrefix", "shop:{rl}:")))
                .hasMessageStartingWith("rateLimitKeyPrefix: 'shop:{rl}:' holds a Redis hash tag");
        // an empty tag is no tag; standalone Redis has no slots
        assertThat(parse(Map.of("rateLimit", "1/1s", "rateLimitStore", "redis-cluster://h1:7000",
                "rateLimitKeyPrefix", "shop:{}:")).keyPrefix()).isEqualTo("shop:{}:");
        assertThat(parse(Map.of("rateLimit", "1/1s", "rateLimitStore", "redis://h1:6379",
                "rateLimitKeyPrefix", "shop:{rl}:")).keyPrefix()).isEqualTo("shop:{rl}:");
    }

    @Test
    void anotherRateLimitParamWithoutRateLimitIsAMistakeNotSilence() {
        assertThatThrownBy(() -> parse(Map.of("rateLimitStore", "redis://:pw@h:6379")))
                .hasMessageStartingWith("rateLimitStore: 'redis://***@h:6379' is set but rateLimit is not");
        assertThatThrownBy(() -> parse(Map.of("rateLimitMode", "report")))
                .hasMessageStartingWith("rateLimitMode: 'report' is set but rateLimit is not");
    }

    @Test
    void offWithPathRulesLimitsOnlyThosePaths() {
        RateLimitSettings s = parse(Map.of("rateLimit", "off", "rateLimitPaths", "/login=5/1m"));
        assertThat(Rate.toString(s.limits())).isEmpty();
        assertThat(paths(s)).isEqualTo("/login=5/1m");
        assertThatThrownBy(() -> RateLimitSettings.builder().limits("off").paths("/x=off").build())
                .hasMessageStartingWith("rateLimit: 'off' leaves nothing to limit");
    }

    @Test
    void builderMatchesTheInitParams() {
        RateLimitSettings s = RateLimitSettings.builder().limits("100/1m").paths("/login=5/1m")
                .mode(RateLimitSettings.Mode.REPORT).maxClients(1000).storeTimeout(Duration.ofMillis(50))
                .build();
        assertThat(s.toString()).isEqualTo("RateLimitSettings[limits=100/1m, paths=/login=5/1m, store=local, "
                + "mode=REPORT, failMode=OPEN, headers=true, maxClients=1000, storeTimeout=50ms, storeConnectTimeout=2s, "
                + "keyPrefix=originguard:rl:, logInterval=1m, ipv6Aggregate=/48 x16]");
        assertThatThrownBy(() -> RateLimitSettings.builder().build())
                .hasMessageStartingWith("rateLimit: '' is required");
        assertThatThrownBy(() -> RateLimitSettings.builder().limits("1/1s").storeTimeout(Duration.ofMillis(1)))
                .hasMessageStartingWith("rateLimitStoreTimeout: '1ms' is out of range");
    }
}
