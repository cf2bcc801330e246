package dev.originguard;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A configuration entry that trips the ipaddress library itself still fails as a
 * {@link ConfigurationException} naming the value and the setting, never as a bare runtime exception.
 * ipaddress 5.6.2 throws {@link ArrayIndexOutOfBoundsException} on a prefix length that overflows an int
 * (found by {@link AddressTextFuzzTest}).
 */
class HostileConfigEntryTest {

    @ParameterizedTest
    @ValueSource(strings = {"1:db83/3333333333333333331", "10.0.0.0/3333333333333333331", "2001:db8::/9999999999"})
    void overflowingPrefixLengthIsAConfigurationError(String entry) {
        assertThatThrownBy(() -> AddressSet.builder().add(entry, "trustedProxies").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("trustedProxies: '" + entry + "'");
    }
}
