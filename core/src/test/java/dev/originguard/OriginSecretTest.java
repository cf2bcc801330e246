package dev.originguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OriginSecretTest {

    private static final String OLD = "4f1c2e9a-7b3d-4e8f-9a6b-1c2d3e4f5a6b";
    private static final String NEW = "b7e2d1c0-3a4f-4b5e-8c9d-0e1f2a3b4c5d";

    private final OriginSecret secret = OriginSecret.of("X-Origin-Verify", OLD, NEW);

    @Test
    void acceptsEveryConfiguredValueDuringRotation() {
        assertThat(secret.matches(OLD)).isTrue();
        assertThat(secret.matches(NEW)).isTrue();
        assertThat(secret.headerName()).isEqualTo("X-Origin-Verify");
        assertThat(secret.valueCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "4f1c2e9a-7b3d-4e8f-9a6b-1c2d3e4f5a6", "4f1c2e9a-7b3d-4e8f-9a6b-1c2d3e4f5a6bX",
            "4F1C2E9A-7B3D-4E8F-9A6B-1C2D3E4F5A6B", " 4f1c2e9a-7b3d-4e8f-9a6b-1c2d3e4f5a6b",
            "4f1c2e9a-7b3d-4e8f-9a6b-1c2d3e4f5a6b\u0000", "4f1c2e9a-7b3d-4e8f-9a6b-1c2d3e4f5a6b, " + NEW})
    void refusesAnythingElse(String presented) {
        assertThat(secret.matches(presented)).isFalse();
    }

    @Test
    void refusesAMissingHeader() {
        assertThat(secret.matches((String) null)).isFalse();
        assertThat(secret.matches((List<String>) null)).isFalse();
        assertThat(secret.matches(List.of())).isFalse();
    }

    @Test
    void requiresExactlyOneHeaderLine() {
        assertThat(secret.matches(List.of(NEW))).isTrue();
        assertThat(secret.matches(List.of("forged-but-long-enough", NEW))).isFalse();
        assertThat(secret.matches(List.of(NEW, NEW))).isFalse();
    }

    @Test
    void toStringNamesTheHeaderAndCountsTheValues() {
        assertThat(secret).hasToString("OriginSecret[header=X-Origin-Verify, 2 values]");
        assertThat(OriginSecret.of("X-Azure-FDID", OLD)).hasToString("OriginSecret[header=X-Azure-FDID, 1 value]");
    }

    @Test
    void keepsNoSecretInItsFields() throws IllegalAccessException {
        // Actuator, debuggers and reflection-based serializers see fields: only digests may be there.
        for (Field f : OriginSecret.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            Object value = f.get(secret);
            String text = value instanceof Object[] array ? Arrays.deepToString(array) : String.valueOf(value);
            assertThat(text).doesNotContain(OLD).doesNotContain(NEW);
        }
    }

    @Test
    void refusesAShortSecretWithoutEchoingIt() {
        assertThatThrownBy(() -> OriginSecret.of("X-Origin-Verify", OLD, "short-secret"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("<secret #2>")
                .hasMessageContaining("at least 16")
                .hasMessageNotContaining("short-secret")
                .hasMessageNotContaining(OLD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "                    ", " leading-space-secret-value", "trailing-space-secret-value ",
            "non-ascii-secret-välue-1234", "control-char-secret\u0001value"})
    void refusesBadSecrets(String bad) {
        assertThatThrownBy(() -> OriginSecret.of("X-Origin-Verify", bad))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("<secret #1>")
                .satisfies(e -> assertThat(((ConfigurationException) e).value()).isEqualTo("<secret #1>"));
    }

    @Test
    void refusesNoValuesAndBadHeaderNames() {
        assertThatThrownBy(() -> OriginSecret.of("X-Origin-Verify", List.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("originSecret: ");
        assertThatThrownBy(() -> OriginSecret.of("X Origin: Verify", OLD))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'X Origin: Verify'");
        assertThatThrownBy(() -> OriginSecret.of(" ", OLD)).isInstanceOf(ConfigurationException.class);
    }

    private final ClientIpResolver resolver = ClientIpResolver.builder()
            .trustedProxies(AddressSet.of("198.51.100.0/24", "2001:db8:ffff::/48"))
            .build();

    @Test
    void anUnverifiedTrustedPeerIsResolvedAsUntrusted() {
        Resolution r = resolver.resolve("198.51.100.7", "203.0.113.9", secret.matches("someone-elses-secret-value"));

        assertThat(r.rule()).isEqualTo(Resolution.Rule.DIRECT);
        assertThat(r.clientIp()).isEqualTo("198.51.100.7");
        assertThat(r.peerTrusted()).isFalse();
        assertThat(r.clientKnown()).isTrue();
        assertThat(r.trustedHops()).isEmpty();
        assertThat(r.rateLimitExempt()).as("another tenant's traffic is not exempt as a proxy").isFalse();
    }

    @Test
    void anUnverifiedTrustedPeerIsResolvedAsUntrustedWithHeaderLines() {
        Resolution r = resolver.resolve("[2001:db8:ffff::1]", List.of("203.0.113.9", "198.51.100.3"),
                secret.matches(List.of()));

        assertThat(r.rule()).isEqualTo(Resolution.Rule.DIRECT);
        assertThat(r.clientIp()).isEqualTo("2001:db8:ffff::1");
        assertThat(r.peerTrusted()).isFalse();
    }

    @Test
    void aVerifiedTrustedPeerIsWalkedAsBefore() {
        Resolution verified = resolver.resolve("198.51.100.7", "203.0.113.9, 198.51.100.3", secret.matches(NEW));
        Resolution plain = resolver.resolve("198.51.100.7", "203.0.113.9, 198.51.100.3");

        assertThat(verified.rule()).isEqualTo(plain.rule()).isEqualTo(Resolution.Rule.FORWARDED);
        assertThat(verified.clientIp()).isEqualTo(plain.clientIp()).isEqualTo("203.0.113.9");
        assertThat(verified.trustedHops()).containsExactly("198.51.100.7", "198.51.100.3");
        assertThat(resolver.resolve("198.51.100.7", List.of("203.0.113.9"), true).clientIp()).isEqualTo("203.0.113.9");
    }

    @Test
    void verificationNeverMakesAnUntrustedPeerTrusted() {
        Resolution r = resolver.resolve("192.0.2.1", "203.0.113.9", true);

        assertThat(r.rule()).isEqualTo(Resolution.Rule.DIRECT);
        assertThat(r.clientIp()).isEqualTo("192.0.2.1");
    }
}
