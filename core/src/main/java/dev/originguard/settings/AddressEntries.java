package dev.originguard.settings;

import dev.originguard.AddressSet;
import java.util.Objects;

/**
 * The value of an address-set setting ({@code trustedProxies}, {@code directAllow}, {@code rateLimitExempt},
 * {@code clientIpHeaderFrom}) before anything is fetched: either a fixed {@link AddressSet}, or entries as text
 * (addresses, CIDRs, ranges, presets and refreshing range sources such as {@code cloudflare} or
 * {@code file:/path}), whose sources start when the filter starts. Immutable.
 */
public final class AddressEntries {

    private static final AddressEntries NONE = new AddressEntries(AddressSet.empty(), null);

    private final AddressSet fixed;
    private final String text;

    private AddressEntries(AddressSet fixed, String text) {
        this.fixed = fixed;
        this.text = text;
    }

    /** No entries: the empty set. The default of every address-set setting. */
    public static AddressEntries none() {
        return NONE;
    }

    /** A fixed set. */
    public static AddressEntries of(AddressSet set) {
        return new AddressEntries(Objects.requireNonNull(set, "set"), null);
    }

    /** Entries as text, separated by commas and/or whitespace; blank means none. */
    public static AddressEntries of(String entries) {
        Objects.requireNonNull(entries, "entries");
        return entries.isBlank() ? NONE : new AddressEntries(null, entries);
    }

    /** The fixed set, or null when the entries are text. */
    public AddressSet fixed() {
        return fixed;
    }

    /** The entries as text, or null when the set is fixed. */
    public String text() {
        return text;
    }

    /** Whether nothing at all is configured (a fixed empty set). */
    public boolean isNone() {
        return fixed != null && fixed.isEmpty();
    }

    @Override
    public String toString() {
        return text != null ? text : fixed.rangeCount() + " ranges";
    }
}
