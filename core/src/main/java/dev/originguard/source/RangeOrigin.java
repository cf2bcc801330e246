package dev.originguard.source;

import dev.originguard.AddressSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One CIDR block of an address set in force, with where it came from: an inline entry of the setting (an
 * address, CIDR, range or preset, as written), or a range source (as written, with its location and when it
 * was last fetched). For audits ({@code originguard-cli export}, the Actuator {@code ranges} operation) and for
 * explaining which entry trusted an address. Credentials never appear: the source text and location are
 * redacted as everywhere else. Immutable.
 *
 * @param cidr      the block, canonical ({@code 173.245.48.0/20}, {@code 2400:cb00::/32})
 * @param entry     the inline entry as written ({@code private}, {@code 10.0.0.0/8}), or the source as written
 *                  and redacted ({@code cloudflare}, {@code file:/etc/originguard/lb.txt})
 * @param location  the redacted URL or {@code file:} the source is read from; null for an inline entry
 * @param fetchedAt when the source last loaded successfully; null for an inline entry, or a source whose set
 *                  came from its cache file at start-up and has not been fetched since
 * @param fromCache whether the block comes from the source's cache file, not a fetch
 */
public record RangeOrigin(String cidr, String entry, String location, Instant fetchedAt, boolean fromCache) {

    /** The entry text of blocks of a set given in code rather than as text. */
    public static final String IN_CODE = "(set in code)";

    /** A block; {@code cidr} and {@code entry} are required. */
    public RangeOrigin {
        Objects.requireNonNull(cidr, "cidr");
        Objects.requireNonNull(entry, "entry");
    }

    /** Whether the block comes from a range source rather than an inline entry. */
    public boolean fromSource() {
        return location != null;
    }

    /** Whether {@code address} (text, IPv4 or IPv6) is in this block. */
    public boolean contains(String address) {
        return AddressSet.of(cidr).contains(address);
    }

    /** Every block of {@code set}, each under {@code entry} (such as {@link #IN_CODE}). */
    public static List<RangeOrigin> of(AddressSet set, String entry) {
        List<RangeOrigin> out = new ArrayList<>();
        for (String cidr : set.cidrs()) {
            out.add(new RangeOrigin(cidr, entry, null, null, false));
        }
        return List.copyOf(out);
    }

    // A provider read from elsewhere (cloudflare@file:/x.json) is named by its provider: the location is kept apart.
    private String shortEntry() {
        int at = entry.indexOf('@');
        String lower = entry.toLowerCase(java.util.Locale.ROOT);
        boolean located = at > 0 && !lower.startsWith("file:") && !lower.startsWith("http");
        return located ? entry.substring(0, at) : entry;
    }

    /**
     * {@code entry: cidr} ({@code private: 10.0.0.0/8}, {@code cloudflare: 173.245.48.0/20}, also for
     * {@code cloudflare@file:/x.json}, whose location is {@link #location()}); just the block
     * for an inline entry that is the block itself ({@code 10.0.0.0/8}, {@code 192.0.2.7} as {@code 192.0.2.7/32}).
     */
    @Override
    public String toString() {
        boolean itself = !fromSource() && (entry.equals(cidr) || cidr.equals(entry + "/32")
                || cidr.equals(entry + "/128"));
        return itself ? cidr : shortEntry() + ": " + cidr;
    }
}
