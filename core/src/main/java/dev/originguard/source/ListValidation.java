package dev.originguard.source;

import dev.originguard.AddressSet;
import dev.originguard.ConfigurationException;
import java.util.List;

/**
 * The all-or-nothing checks a fetched or read list must pass before it may replace the last good set:
 * non-empty, every entry a plain address/CIDR/range, none broader than the minimum prefix lengths
 * ({@code /0} always refused), and no drop of more than the allowed fraction of the previous set.
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
        if (previous != null && !previous.isEmpty()) {
            int before = previous.cidrs().size();
            int after = set.cidrs().size();
            double drop = 1.0 - (double) after / before;
            if (drop > settings.maxDropFraction()) {
                throw new RefreshFailure(location + ": the list dropped from " + before + " to " + after
                        + " CIDR blocks (" + Math.round(drop * 100) + "%), more than the allowed "
                        + Math.round(settings.maxDropFraction() * 100) + "%; if the provider really retired "
                        + "these ranges, raise maxDropFraction for one refresh");
            }
        }
        return set;
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
