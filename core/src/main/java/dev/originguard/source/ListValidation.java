package dev.originguard.source;

import dev.originguard.AddressSet;
import dev.originguard.ConfigurationException;
import java.util.List;

/**
 * The all-or-nothing checks a fetched or read list must pass before it may replace the last good set:
 * non-empty, every entry a plain address/CIDR/range, none broader than the minimum prefix lengths
 * ({@code /0} always refused); then the merged set: no merged CIDR block broader than the minimum prefix
 * lengths (256 {@code /8}s merge into {@code 0.0.0.0/0}), no more addresses than the caps, no drop and no
 * growth of more than the allowed fractions of the previous set's addresses, per family.
 */
final class ListValidation {

    private ListValidation() {
    }

    /**
     * The compiled set of the entries, or the first reason to refuse the whole list.
     *
     * @param previous the last good set of this source, or null on first load (no drop check)
     */
    static AddressSet compile(List<ListEntry> entries, AddressSet previous, RefreshSettings settings,
            String location) throws RefreshFailure {
        if (entries.isEmpty()) {
            throw new RefreshFailure(location + ": the list is empty; refusing to trust or allow nothing "
                    + "in place of the last good set");
        }
        AddressSet.Builder all = AddressSet.builder();
        for (ListEntry entry : entries) {
            all.addAll(checkEntry(entry, settings));
        }
        AddressSet set = all.build();
        checkMerged(set, null, settings, location + ": the list's entries");
        if (previous != null && !previous.isEmpty()) {
            checkChange(previous, set, settings, location);
        }
        return set;
    }

    /**
     * Checks a whole setting's set (inline entries plus every source) as one: no merged block broader than
     * the minimum prefix that is not wholly inside the inline entries, and the addresses the sources add to
     * the inline entries within the caps.
     */
    static void checkSetting(AddressSet union, AddressSet fixed, RefreshSettings settings, String setting)
            throws RefreshFailure {
        checkMerged(union, fixed, settings, setting + ": the inline entries and sources together");
    }

    /**
     * Size per family: {@code [IPv4 addresses, IPv6 /64 networks]}. Doubles, not BigInteger: exact for IPv4,
     * and for IPv6 exact to 53 bits, plenty for caps and fractions (and cheap under the fuzzers' agent).
     */
    static double[] addresses(AddressSet set) {
        double v4 = 0;
        double v6 = 0;
        for (String cidr : set.cidrs()) {
            boolean ipv4 = cidr.indexOf(':') < 0;
            int prefix = prefix(cidr, ipv4);
            if (ipv4) {
                v4 += Math.scalb(1.0, 32 - prefix);
            } else {
                v6 += Math.scalb(1.0, 64 - prefix);
            }
        }
        return new double[] {v4, v6};
    }

    private static void checkMerged(AddressSet set, AddressSet fixed, RefreshSettings settings, String what)
            throws RefreshFailure {
        for (String cidr : set.cidrs()) {
            boolean ipv4 = cidr.indexOf(':') < 0;
            int prefix = prefix(cidr, ipv4);
            int min = ipv4 ? settings.minPrefixLengthIpv4() : settings.minPrefixLengthIpv6();
            if (prefix < min && (fixed == null || !fixed.union(AddressSet.of(cidr)).equals(fixed))) {
                throw new RefreshFailure(what + " merge into " + cidr + ", broader than the minimum /" + min
                        + " for " + (ipv4 ? "IPv4" : "IPv6") + " (each entry may pass alone, but no proxy network "
                        + "is that large: a list of many broad entries is poisoned or wrong)");
            }
        }
        double[] count = addresses(set);
        if (fixed != null) {
            double[] inline = addresses(fixed);
            count = new double[] {count[0] - inline[0], count[1] - inline[1]};
        }
        if (count[0] > settings.maxIpv4Addresses()) {
            throw new RefreshFailure(what + " hold " + (long) count[0] + " IPv4 addresses, more than "
                    + "maxIpv4Addresses=" + settings.maxIpv4Addresses() + " (no proxy network is that large)");
        }
        if (count[1] > settings.maxIpv6Slash64s()) {
            throw new RefreshFailure(what + " hold " + String.format(java.util.Locale.ROOT, "%.0f", count[1])
                    + " IPv6 /64 networks, more than maxIpv6Slash64s=" + settings.maxIpv6Slash64s()
                    + " (no proxy network is that large)");
        }
    }

    // Drop: previous CIDR blocks losing any address, as a fraction of the previous blocks (padding the list
    // with /128s no longer hides a removal). Growth: addresses added per family, from the sizes of the two
    // sets and of their union; a family the previous set did not have is bounded by the caps only.
    private static void checkChange(AddressSet previous, AddressSet next, RefreshSettings settings, String location)
            throws RefreshFailure {
        List<String> before = previous.cidrs();
        int removed = 0;
        for (String cidr : RangeDiff.between(previous, next).removed()) {
            if (!next.union(AddressSet.of(cidr)).equals(next)) {
                removed++;
            }
        }
        double drop = (double) removed / before.size();
        if (drop > settings.maxDropFraction()) {
            throw new RefreshFailure(location + ": the list dropped " + removed + " of the previous " + before.size()
                    + " CIDR blocks (" + percent(drop) + "; now " + next.cidrs().size() + "), more than the allowed "
                    + percent(settings.maxDropFraction()) + "; if the provider really retired these ranges, raise "
                    + "maxDropFraction for one refresh");
        }
        double[] had = addresses(previous);
        double[] both = addresses(previous.union(next));
        for (int family = 0; family < 2; family++) {
            if (had[family] == 0) {
                continue;
            }
            double added = (both[family] - had[family]) / had[family];
            if (added > settings.maxGrowthFraction()) {
                throw new RefreshFailure(location + ": the list grew from " + before.size() + " to "
                        + next.cidrs().size() + " CIDR blocks, adding " + percent(added) + " to the previous "
                        + (family == 0 ? "IPv4" : "IPv6") + " addresses, more than the allowed "
                        + percent(settings.maxGrowthFraction()) + "; if the provider really added these ranges, "
                        + "raise maxGrowthFraction for one refresh");
            }
        }
    }

    private static String percent(double fraction) {
        return Math.round(fraction * 100) + "%";
    }

    private static int prefix(String cidr, boolean ipv4) {
        int slash = cidr.indexOf('/');
        return slash < 0 ? (ipv4 ? 32 : 128) : Integer.parseInt(cidr.substring(slash + 1));
    }

    private static AddressSet checkEntry(ListEntry entry, RefreshSettings settings) throws RefreshFailure {
        String value = entry.value();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
                    || c == ':' || c == '.' || c == '/' || c == '-';
            if (!ok) {
                throw new RefreshFailure(entry.where() + ": '" + abbreviate(value)
                        + "' is not an IP address, CIDR or range (names and presets are not accepted in a list)");
            }
        }
        if (value.endsWith("/0") || value.endsWith("/00")) {
            throw new RefreshFailure(entry.where() + ": '" + value + "' covers every address (/0), which is always "
                    + "refused: a list saying so is poisoned or a retired endpoint's default answer");
        }
        AddressSet one;
        try {
            one = AddressSet.builder().add(value, entry.where()).build();
        } catch (ConfigurationException e) {
            throw new RefreshFailure(e.getMessage(), e);
        }
        for (String cidr : one.cidrs()) {
            int slash = cidr.indexOf('/');
            boolean ipv4 = cidr.indexOf(':') < 0;
            int prefix = slash < 0 ? (ipv4 ? 32 : 128) : Integer.parseInt(cidr.substring(slash + 1));
            int min = ipv4 ? settings.minPrefixLengthIpv4() : settings.minPrefixLengthIpv6();
            if (prefix < min) {
                throw new RefreshFailure(entry.where() + ": '" + value + "' covers " + cidr + ", broader than the "
                        + "minimum /" + min + " for " + (ipv4 ? "IPv4" : "IPv6") + " (no proxy network is that "
                        + "large; a list that says so is poisoned or wrong)");
            }
        }
        return one;
    }

    private static String abbreviate(String value) {
        return value.length() <= 60 ? value : value.substring(0, 60) + "...";
    }
}
