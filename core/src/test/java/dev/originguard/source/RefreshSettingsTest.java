package dev.originguard.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.originguard.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefreshSettingsTest {

    @Test
    void badValuesAreRefusedNamingTheSettingAndTheValue() {
        assertThatThrownBy(() -> RefreshSettings.builder().maxDropFraction(1.5))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("maxDropFraction: '1.5' must be between 0 and 1");
        assertThatThrownBy(() -> RefreshSettings.builder().readTimeout(Duration.ZERO))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("readTimeout: 'PT0S' must be positive");
        assertThatThrownBy(() -> RefreshSettings.builder().minPrefixLengthIpv4(0))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("minPrefixLengthIpv4: '0' must be 1 to 32");
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        RefreshSettings d = RefreshSettings.defaults();
        assertThat(d.interval()).isEqualTo(Duration.ofHours(1));
        assertThat(d.minPrefixLengthIpv4()).isEqualTo(8);
        assertThat(d.minPrefixLengthIpv6()).isEqualTo(24);
        assertThat(d.maxDropFraction()).isEqualTo(0.5);
        assertThat(d.startupPolicy()).isEqualTo(StartupPolicy.CACHE_ELSE_FAIL);
        assertThat(d.cacheDirectory()).isEmpty();
        assertThat(d.allowPlainHttp()).isFalse();
        assertThat(d.clock().getZone()).isEqualTo(java.time.ZoneOffset.UTC);
        assertThat(d.scheduler()).as("a daemon thread per live set").isEmpty();
        long before = System.nanoTime();
        long ticked = d.ticker().getAsLong();
        assertThat(ticked - before).as("the ticker reads System.nanoTime").isBetween(0L, Duration.ofMinutes(1).toNanos());
    }
}
