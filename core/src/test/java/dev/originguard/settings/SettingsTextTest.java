package dev.originguard.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.originguard.ConfigurationException;
import dev.originguard.ratelimit.RateLimitSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTextTest {

    private static OriginGuardSettings initParams(String... pairs) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return SettingsText.read(values, SettingsText.INIT_PARAMS);
    }

    private static OriginGuardSettings properties(String... pairs) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return SettingsText.read(values, SettingsText.PROPERTIES);
    }

    @Test
    void noTextMeansEveryDefault() {
        OriginGuardSettings s = initParams();
        assertThat(s.lock().mode()).isEqualTo(LockOrigin.OFF);
        assertThat(s.trust().trustedProxies().isNone()).isTrue();
        assertThat(s.trust().protocolHeader()).isEqualTo("X-Forwarded-Proto");
        assertThat(s.originSecret()).isNull();
        assertThat(s.rateLimit()).isNull();
    }

    @Test
    void aTypoIsRefusedWithTheNearestName() {
        assertThatThrownBy(() -> initParams("lockOrign", "on"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("lockOrign: 'on' is not a setting of OriginGuardFilter: did you mean lockOrigin?");
        assertThatThrownBy(() -> properties("originguard.rate-limits", "10/1s"))
                .hasMessageContaining("did you mean originguard.rate-limit");
        assertThatThrownBy(() -> initParams("somethingElseEntirely", "x"))
                .hasMessageNotContaining("did you mean");
    }

    @Test
    void anUnknownSecretLikeNameNeverEchoesItsValue() {
        assertThatThrownBy(() -> initParams("originSecrets", "s3cr3t-s3cr3t-s3cr3t"))
                .hasMessageNotContaining("s3cr3t").hasMessageContaining("did you mean originSecret?");
    }

    @Test
    void switchesAndModesTakeOnOffAndTrueFalse() {
        assertThat(initParams("lockOrigin", "true", "trustedProxies", "10.0.0.1").lock().mode())
                .isEqualTo(LockOrigin.ON);
        assertThat(initParams("lockOrigin", "FALSE").lock().mode()).isEqualTo(LockOrigin.OFF);
        assertThat(initParams("exemptTrustedProxies", "off").trust().exemptTrustedProxies()).isFalse();
        assertThat(initParams("exemptTrustedProxies", "true").trust().exemptTrustedProxies()).isTrue();
        RateLimitSettings r = initParams("rateLimit", "1/1s", "rateLimitMode", "true", "rateLimitHeaders", "false")
                .rateLimit();
        assertThat(r.mode()).isEqualTo(RateLimitSettings.Mode.ON);
        assertThat(r.headers()).isFalse();
        assertThat(initParams("rateLimit", "false").rateLimit()).isNull();
        assertThatThrownBy(() -> initParams("removeForwardingHeaders", "true"))
                .hasMessage("removeForwardingHeaders: 'true' is not one of off, untrusted, all");
    }

    @Test
    void aRefusalNamesTheSettingAsTheSurfaceSpellsIt() {
        assertThatThrownBy(() -> initParams("rateLimit", "10/1s", "rateLimitStore", "memcached://x"))
                .hasMessageStartingWith("rateLimitStore: 'memcached://x' is not a store");
        assertThatThrownBy(() -> properties("originguard.rate-limit.limits", "10/1s",
                "originguard.rate-limit.store", "memcached://x"))
                .hasMessageStartingWith("originguard.rate-limit.store: 'memcached://x' is not a store");
        assertThatThrownBy(() -> properties("originguard.ranges.refresh-interval", "5s"))
                .hasMessageStartingWith("originguard.ranges.refresh-interval: '5s'");
        assertThatThrownBy(() -> properties("originguard.lock-origin", "on"))
                .hasMessageStartingWith("originguard.lock-origin: 'on' would refuse every request");
        assertThatThrownBy(() -> properties("originguard.rate-limit.store", "redis://:pw@h:6379"))
                .hasMessageStartingWith("originguard.rate-limit.store: 'redis://***@h:6379' is set but "
                        + "originguard.rate-limit.limits is not");
        assertThatThrownBy(() -> properties("originguard.origin-secret.header", "X-Origin-Verify"))
                .hasMessageStartingWith("originguard.origin-secret.values: '' is missing");
    }

    @Test
    void addressTextIsCheckedWithoutFetching() {
        assertThatThrownBy(() -> initParams("trustedProxies", "10.0.0.0/33"))
                .hasMessageStartingWith("trustedProxies: '10.0.0.0/33'");
        // A URL source is only parsed: nothing listens on this port, and reading succeeds.
        assertThat(initParams("trustedProxies", "cloudflare@http://127.0.0.1:9/ips").trust().trustedProxies().text())
                .isEqualTo("cloudflare@http://127.0.0.1:9/ips");
    }

    @Test
    void suggestionsNeedToBeClose() {
        assertThat(SettingsText.suggest("maxhop", SettingsText.INIT_PARAMS)).contains("maxHops");
        assertThat(SettingsText.suggest("max_hops", SettingsText.INIT_PARAMS)).contains("maxHops");
        assertThat(SettingsText.suggest("zzz", SettingsText.INIT_PARAMS)).isEmpty();
        assertThat(dev.originguard.internal.EditDistance.between("kitten", "sitting")).isEqualTo(3);
    }
}
