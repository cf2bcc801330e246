package dev.originguard.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Translates CIDR blocks into the regular expressions Tomcat's {@code RemoteIpFilter} takes for
 * {@code internalProxies} and {@code trustedProxies}, in the style its documentation teaches: one alternative per
 * block, fixed octets literal, free octets {@code \d{1,3}}, and a partly fixed octet as a numeric range (the
 * documented default writes 172.16.0.0/12 as {@code 172\.1[6-9]\.\d{1,3}\.\d{1,3}|172\.2[0-9]...}).
 *
 * <p>This is the regex form of Tomcat's two; Tomcat 11.0.x also takes a comma-separated CIDR list when the value
 * contains a {@code /}, which {@code FilterBenchmark.TomcatCidr} measures. IPv6 blocks match the uncompressed lower-case text without
 * leading zeros ({@code 2600:9000:0:0:0:0:0:1}), the form Tomcat reports for an IPv6 peer.
 */
public final class CidrRegex {

    private CidrRegex() {
    }

    /** An alternation of the blocks' expressions, in the given order. */
    public static String forBlocks(List<String> cidrs) {
        StringJoiner alternation = new StringJoiner("|");
        for (String cidr : cidrs) {
            alternation.add(forBlock(cidr));
        }
        return alternation.toString();
    }

    /** The expression for one block ({@code 13.32.0.0/15}, {@code 2600:9000::/28}) or single address. */
    public static String forBlock(String cidr) {
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        byte[] bytes;
        try {
            // Config text of our own fixtures, always a literal: getByName does no lookup for literals.
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + cidr, e);
        }
        int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
        StringJoiner parts;
        if (bytes.length == 4) {
            parts = new StringJoiner("\\.");
            for (int i = 0; i < 4; i++) {
                parts.add(field(bytes[i] & 0xFF, fixedBits(prefix, i, 8), 8, 10));
            }
        } else {
            parts = new StringJoiner(":");
            for (int i = 0; i < 8; i++) {
                int group = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
                parts.add(field(group, fixedBits(prefix, i, 16), 16, 16));
            }
        }
        return parts.toString();
    }

    private static int fixedBits(int prefix, int index, int width) {
        return Math.max(0, Math.min(width, prefix - index * width));
    }

    private static String field(int value, int fixed, int width, int base) {
        if (fixed == width) {
            return Integer.toString(value, base);
        }
        if (fixed == 0) {
            return base == 10 ? "\\d{1,3}" : "[0-9a-f]{1,4}";
        }
        int free = (1 << (width - fixed)) - 1;
        return range(value & ~free, value | free, base);
    }

    /** An expression matching exactly the numbers lo..hi written in {@code base} without leading zeros. */
    static String range(int lo, int hi, int base) {
        List<String> alternatives = new ArrayList<>();
        long minOfWidth = 0;
        for (int width = 1; minOfWidth <= hi; width++) {
            long maxOfWidth = pow(base, width) - 1;
            long a = Math.max(lo, minOfWidth);
            long z = Math.min(hi, maxOfWidth);
            if (a <= z) {
                sameWidth(a, z, width, base, "", alternatives);
            }
            minOfWidth = maxOfWidth + 1;
        }
        return alternatives.size() == 1 ? alternatives.get(0) : "(?:" + String.join("|", alternatives) + ")";
    }

    // Every number in a..z has exactly `width` digits here (inner positions may be zero).
    private static void sameWidth(long a, long z, int width, int base, String prefix, List<String> out) {
        if (width == 0) {
            out.add(prefix);
            return;
        }
        long unit = pow(base, width - 1);
        long first = a / unit;
        long last = z / unit;
        if (first == last) {
            sameWidth(a % unit, z % unit, width - 1, base, prefix + digit(first, base), out);
            return;
        }
        if (a % unit != 0) {
            sameWidth(a % unit, unit - 1, width - 1, base, prefix + digit(first, base), out);
            first++;
        }
        boolean lastPartial = z % unit != unit - 1;
        long lastFull = lastPartial ? last - 1 : last;
        if (first <= lastFull) {
            out.add(prefix + digitClass(first, lastFull, base) + anyDigits(width - 1, base));
        }
        if (lastPartial) {
            sameWidth(0, z % unit, width - 1, base, prefix + digit(last, base), out);
        }
    }

    private static String digit(long d, int base) {
        return Character.toString(Character.forDigit((int) d, base));
    }

    private static String digitClass(long from, long to, int base) {
        if (from == to) {
            return digit(from, base);
        }
        StringBuilder sb = new StringBuilder("[");
        for (long d = from; d <= to; d++) {
            sb.append(digit(d, base));
        }
        return sb.append(']').toString();
    }

    private static String anyDigits(int count, int base) {
        if (count == 0) {
            return "";
        }
        String one = base == 10 ? "\\d" : "[0-9a-f]";
        return count == 1 ? one : one + "{" + count + "}";
    }

    private static long pow(int base, int exponent) {
        long r = 1;
        for (int i = 0; i < exponent; i++) {
            r *= base;
        }
        return r;
    }
}
