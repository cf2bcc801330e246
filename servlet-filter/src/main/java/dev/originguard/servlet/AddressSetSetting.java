package dev.originguard.servlet;

import dev.originguard.AddressSet;
import dev.originguard.ConfigurationException;
import java.util.Arrays;

/**
 * Turns the text of an address-set setting ({@code trustedProxies}, {@code directAllow},
 * {@code rateLimitExempt}) into a set. Every such init-param and builder string goes through
 * {@link #parse}, so new kinds of entry (refreshing provider sources) are added in this one place.
 */
final class AddressSetSetting {

    private AddressSetSetting() {
    }

    /**
     * The set of the entries in {@code value}, separated by commas and/or whitespace. Blank means empty.
     *
     * @param setting the init-param name, reported with a bad entry
     * @throws ConfigurationException naming the setting, the entry and why it is refused
     */
    static AddressSet parse(String setting, String value) {
        if (value == null || value.isBlank()) {
            return AddressSet.empty();
        }
        AddressSet.Builder builder = AddressSet.builder();
        for (String entry : entries(value)) {
            builder.add(entry, setting);
        }
        return builder.build();
    }

    /** The non-empty entries of a list separated by commas and/or whitespace. */
    static String[] entries(String value) {
        return Arrays.stream(value.split("[,\\s]+")).filter(e -> !e.isEmpty()).toArray(String[]::new);
    }
}
