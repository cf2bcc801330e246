package dev.originguard.cli;

import dev.originguard.AddressSet;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses one set holds and another does not, as CIDR blocks: what a change adds to, or takes from, the
 * addresses trusted. Unlike comparing the two CIDR lists as text, a block merged with a new neighbour
 * ({@code 10.0.2.0/24} and {@code 10.0.3.0/24} becoming {@code 10.0.2.0/23}) shows as {@code 10.0.3.0/24}
 * added and nothing removed. One sweep over the sorted blocks of each family.
 */
final class AddressDifference {

    private AddressDifference() {
    }

    /** The blocks of addresses in {@code a} and not in {@code b}, IPv4 first, in address order. */
    static List<String> minus(AddressSet a, AddressSet b) {
        List<String> out = new ArrayList<>();
        for (boolean ipv4 : new boolean[] {true, false}) {
            List<BigInteger[]> left = intervals(a, ipv4);
            List<BigInteger[]> right = intervals(b, ipv4);
            int j = 0;
            for (BigInteger[] interval : left) {
                BigInteger start = interval[0];
                BigInteger end = interval[1];
                while (j < right.size() && right.get(j)[1].compareTo(start) < 0) {
                    j++;
                }
                int k = j;
                while (start.compareTo(end) <= 0 && k < right.size() && right.get(k)[0].compareTo(end) <= 0) {
                    BigInteger[] cut = right.get(k);
                    if (cut[0].compareTo(start) > 0) {
                        blocks(start, cut[0].subtract(BigInteger.ONE), ipv4, out);
                    }
                    start = start.max(cut[1].add(BigInteger.ONE));
                    k++;
                }
                if (start.compareTo(end) <= 0) {
                    blocks(start, end, ipv4, out);
                }
            }
        }
        return out;
    }

    // The set's blocks of one family as merged, sorted [first, last] intervals.
    private static List<BigInteger[]> intervals(AddressSet set, boolean ipv4) {
        List<BigInteger[]> out = new ArrayList<>();
        for (String cidr : set.cidrs()) {
            if ((cidr.indexOf(':') < 0) != ipv4) {
                continue;
            }
            IPAddress block = new IPAddressString(cidr).getAddress();
            BigInteger first = block.getLower().getValue();
            BigInteger last = block.getUpper().getValue();
            BigInteger[] previous = out.isEmpty() ? null : out.get(out.size() - 1);
            if (previous != null && previous[1].add(BigInteger.ONE).compareTo(first) >= 0) {
                previous[1] = previous[1].max(last);
            } else {
                out.add(new BigInteger[] {first, last});
            }
        }
        return out;
    }

    private static void blocks(BigInteger first, BigInteger last, boolean ipv4, List<String> out) {
        IPAddress lower = ipv4 ? new IPv4Address(first.intValue()) : new IPv6Address(first);
        IPAddress upper = ipv4 ? new IPv4Address(last.intValue()) : new IPv6Address(last);
        for (IPAddress block : lower.spanWithRange(upper).spanWithPrefixBlocks()) {
            out.add(block.toCanonicalString());
        }
    }
}
