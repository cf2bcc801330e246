package dev.originguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.AddressSet;
import org.junit.jupiter.api.Test;

class AddressDifferenceTest {

    @Test
    void aMergedNeighbourIsAnAdditionNotAReplacement() {
        AddressSet before = AddressSet.of("10.0.1.0/24", "10.0.2.0/24");
        AddressSet after = AddressSet.of("10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24");

        assertThat(AddressDifference.minus(after, before)).containsExactly("10.0.3.0/24");
        assertThat(AddressDifference.minus(before, after)).isEmpty();
    }

    @Test
    void aHoleCutOfABlockIsTheRemovedPartOnly() {
        AddressSet before = AddressSet.of("10.0.0.0/16", "2001:db8::/32");
        AddressSet after = AddressSet.of("10.0.0.0/17", "10.0.192.0/18", "2001:db8:8000::/33");

        assertThat(AddressDifference.minus(before, after)).containsExactly("10.0.128.0/18", "2001:db8::/33");
        assertThat(AddressDifference.minus(after, before)).isEmpty();
    }

    @Test
    void disjointSetsDifferByEverything() {
        AddressSet a = AddressSet.of("192.0.2.0/24", "::1");
        AddressSet b = AddressSet.of("198.51.100.7");

        assertThat(AddressDifference.minus(a, b)).containsExactly("192.0.2.0/24", "::1/128");
        assertThat(AddressDifference.minus(b, a)).containsExactly("198.51.100.7/32");
        assertThat(AddressDifference.minus(a, a)).isEmpty();
    }
}
