package dev.originguard.servlet;

import dev.originguard.ConfigurationException;
import dev.originguard.source.LiveAddressSet;
import dev.originguard.source.RefreshSettings;

/**
 * Turns the text of an address-set setting ({@code trustedProxies}, {@code directAllow},
 * {@code rateLimitExempt}, {@code clientIpHeaderFrom}) into a live set: fixed entries and presets compile to
 * a static set; provider, file and URL sources load now and refresh in the background until closed.
 */
final class AddressSetSetting {

    private AddressSetSetting() {
    }

    /**
     * The set of the entries in {@code value}, separated by commas and/or whitespace. Blank means empty.
     *
     * @param setting the setting's name, reported with a bad entry
     * @throws ConfigurationException naming the setting, the entry and why it is refused
     */
    static LiveAddressSet start(String setting, String value, RefreshSettings refresh) {
        return LiveAddressSet.start(value == null ? "" : value, setting, refresh);
    }
}
