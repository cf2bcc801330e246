package dev.originguard;

import dev.originguard.internal.AddressText;
import inet.ipaddr.AddressStringException;
import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.IncompatibleAddressException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses one configuration entry (address, CIDR, {@code a-b} range or preset name) into ranges, using the
 * ipaddress library: configuration is parsed once, so thoroughness beats speed here.
 */
final class ConfigEntries {

    private static final Logger log = LoggerFactory.getLogger(ConfigEntries.class);

    /**
     * The syntax we accept, for configuration and as the oracle of the request-path parser: plain
     * addresses and prefix lengths only. No inet_aton forms ({@code 127.1}, {@code 0x7f.1}), no leading
     * zeros in IPv4 (octal to some readers), no wildcards, masks, zones or binary.
     */
    static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
            .allowEmpty(false)
            .allowAll(false)
            .allowSingleSegment(false)
            .allowPrefixOnly(false)
            .allowMask(false)
            .allowWildcardedSeparator(false)
            .allow_inet_aton(false)
            .setRangeOptions(RangeParameters.NO_RANGE)
            .getIPv4AddressParametersBuilder()
                .allowLeadingZeros(false)
                .allowUnlimitedLeadingZeros(false)
                .allowPrefixLengthLeadingZeros(true) // else "/0" is refused as a leading zero, hiding our reason
                .allowBinary(false)
                .getParentBuilder()
            .getIPv6AddressParametersBuilder()
                .allowZone(false)
                .allowEmptyZone(false)
                .allowBase85(false)
                .allowBinary(false)
                .allowUnlimitedLeadingZeros(false)
                .allowPrefixLengthLeadingZeros(true) // else "/0" is refused as a leading zero, hiding our reason
                .allowMixed(true)
                .getEmbeddedIPv4AddressParametersBuilder()
                    .allowLeadingZeros(false)
                    .allowUnlimitedLeadingZeros(false)
                    .allow_inet_aton(false)
                    .getEmbeddedIPv4AddressParentBuilder()
                .getParentBuilder()
            .toParams();

    /**
     * Named presets: fixed, well-known ranges. {@code google-lb} is the source range of Google Cloud's
     * external Application Load Balancers (GFE) and health checks, as Google documents it for firewall rules
     * (https://cloud.google.com/load-balancing/docs/firewall-rules). It is deliberately NOT Google's
     * cloud.json, which lists customer VM ranges anyone can rent.
     */
    static final Map<String, List<String>> PRESETS = Map.of(
            "loopback", List.of("127.0.0.0/8", "::1/128"),
            "private", List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"),
            "linklocal", List.of("169.254.0.0/16", "fe80::/10"),
            // RFC 6598 shared address space: carrier-grade NAT, and the source of several clouds' load balancers.
            "cgnat", List.of("100.64.0.0/10"),
            "google-lb", List.of("35.191.0.0/16", "130.211.0.0/22", "2600:2d00:1:b029::/64", "2600:2d00:1:1::/64"));

    private ConfigEntries() {
    }

    /** The ranges one entry stands for; {@code where} names its origin for error messages. */
    static List<IpRange> parse(String rawEntry, String where) {
        String entry = rawEntry.strip();
        if (entry.isEmpty()) {
            throw new ConfigurationException(where, rawEntry, "is empty");
        }
        List<String> preset = PRESETS.get(entry.toLowerCase(Locale.ROOT));
        if (preset != null) {
            return preset.stream().map(cidr -> parseOne(cidr, where)).toList();
        }
        int dash = entry.indexOf('-');
        if (dash >= 0) {
            return List.of(parseRange(entry, dash, where));
        }
        return List.of(parseOne(entry, where));
    }

    private static IpRange parseOne(String entry, String where) {
        IPAddress address = toAddress(entry, where);
        if (address.isPrefixed() && !address.isPrefixBlock()) {
            IPAddress block = address.toPrefixBlock();
            log.warn("{}: '{}' has host bits set; using the network {} (write it that way to silence this)",
                    where, entry, block.toCanonicalString());
            address = block;
        }
        return refuseEverything(toRange(address.getLower(), address.getUpper()), entry, where);
    }

    private static IpRange parseRange(String entry, int dash, String where) {
        if (entry.indexOf('-', dash + 1) >= 0) {
            throw new ConfigurationException(where, entry, "has more than one '-'; a range is 'first-last'");
        }
        String first = entry.substring(0, dash).strip();
        String last = entry.substring(dash + 1).strip();
        IPAddress lower = toAddress(first, where);
        IPAddress upper = toAddress(last, where);
        if (lower.isPrefixed() || upper.isPrefixed()) {
            throw new ConfigurationException(where, entry, "mixes a range with a prefix length; use one or the other");
        }
        if (lower.isIPv4() != upper.isIPv4()) {
            throw new ConfigurationException(where, entry, "mixes IPv4 and IPv6 ends");
        }
        if (lower.compareTo(upper) > 0) {
            throw new ConfigurationException(where, entry, "starts after it ends");
        }
        return refuseEverything(toRange(lower, upper), entry, where);
    }

    // A set holding every IPv4 (or every IPv6) address makes forwarding headers forgeable by anyone.
    private static IpRange refuseEverything(IpRange range, String entry, String where) {
        boolean allIpv6 = range.startHi() == 0 && range.startLo() == 0 && range.endHi() == -1L && range.endLo() == -1L;
        if (allIpv6 || range.encloses(IpRange.MAPPED_IPV4)) {
            throw new ConfigurationException(where, entry, "covers every " + (allIpv6 ? "IPv6" : "IPv4")
                    + " address (like /0): trusting or allowing everyone would let any client forge its "
                    + "address; list the proxy ranges instead");
        }
        return range;
    }

    private static IPAddress toAddress(String text, String where) {
        try {
            return new IPAddressString(text, STRICT).toAddress();
        } catch (AddressStringException | IncompatibleAddressException | IndexOutOfBoundsException e) {
            // IndexOutOfBounds: ipaddress 5.6.2 fails that way on a prefix length overflowing an int.
            throw new ConfigurationException(where, text, "is not an IP address, CIDR, 'first-last' range or "
                    + "preset (" + String.join(", ", PRESETS.keySet().stream().sorted().toList()) + "): "
                    + e.getMessage());
        }
    }

    private static IpRange toRange(IPAddress lower, IPAddress upper) {
        long[] start = AddressText.fromBytes(lower.getBytes());
        long[] end = AddressText.fromBytes(upper.getBytes());
        return new IpRange(start[0], start[1], end[0], end[1]);
    }
}
