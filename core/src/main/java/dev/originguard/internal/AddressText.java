package dev.originguard.internal;

/**
 * Strict, allocation-free parsing and formatting of IP address text for the request path.
 *
 * <p>Addresses live in one 128-bit space as two longs ({@code hi}, {@code lo}); IPv4 is stored as its
 * IPv4-mapped form {@code ::ffff:a.b.c.d}, so a mapped address and its dotted form are the same value
 * everywhere.
 *
 * <p>Header text is attacker-controlled, so this never calls {@link java.net.InetAddress} (which accepts
 * {@code 127.1}, {@code 2130706433} and octal octets, and may do a DNS lookup). Accepted: dotted-quad IPv4
 * with 1-3 ASCII digits per octet and no leading zero; RFC 4291 IPv6 with optional {@code ::} and a
 * trailing dotted quad. Refused: everything else, including zone ids, the unspecified addresses
 * {@code 0.0.0.0} and {@code ::}, and non-ASCII digits.
 *
 * <p>Internal to OriginGuard, not API: it may change in any release.
 */
public final class AddressText {

    /** Returned by {@link #parseIpv4} for text that is not a valid address. */
    public static final long INVALID = -1L;

    /** The upper 64 bits of every IPv4-mapped address. */
    public static final long MAPPED_HI = 0L;
    /** The 0xffff marker in the lower 64 bits of an IPv4-mapped address, before the 32 address bits. */
    public static final long MAPPED_LO_PREFIX = 0xFFFF_0000_0000L;

    // Longest legal IPv6 text: "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255".
    public static final int MAX_IPV6_LENGTH = 45;

    private AddressText() {
    }

    /** Parses a dotted quad, refusing {@code 0.0.0.0}: returns 0..0xFFFFFFFF, or {@link #INVALID}. */
    public static long parseIpv4(CharSequence s, int from, int to) {
        long v = parseDottedQuad(s, from, to);
        return v == 0 ? INVALID : v;
    }

    /** Parses a dotted quad (zero allowed, for the tail of an IPv6 address). */
    public static long parseDottedQuad(CharSequence s, int from, int to) {
        int len = to - from;
        if (len < 7 || len > 15) {
            return INVALID;
        }
        long result = 0;
        int dots = 0;
        int value = 0;
        int digits = 0;
        boolean leadingZero = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits == 0) {
                    leadingZero = c == '0';
                } else if (leadingZero) {
                    return INVALID; // "010" is octal to some parsers and decimal to others: refuse it
                }
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) {
                    return INVALID;
                }
            } else if (c == '.') {
                if (digits == 0 || dots == 3) {
                    return INVALID;
                }
                result = (result << 8) | value;
                dots++;
                value = 0;
                digits = 0;
            } else {
                return INVALID;
            }
        }
        if (digits == 0 || dots != 3) {
            return INVALID;
        }
        return (result << 8) | value;
    }

    /**
     * Parses IPv6 text into {@code out[0]} (hi) and {@code out[1]} (lo).
     *
     * @return false, leaving {@code out} unspecified, when the text is not a valid non-zero IPv6 address
     */
    public static boolean parseIpv6(CharSequence s, int from, int to, long[] out) {
        int len = to - from;
        if (len < 2 || len > MAX_IPV6_LENGTH) {
            return false;
        }
        long headHi = 0;
        long headLo = 0;
        long tailHi = 0;
        long tailLo = 0;
        int headGroups = 0;
        int tailGroups = 0;
        boolean compressed = false;
        int i = from;
        if (s.charAt(i) == ':') {
            if (s.charAt(i + 1) != ':') {
                return false;
            }
            compressed = true;
            i += 2;
        }
        while (i < to) {
            int groupStart = i;
            int value = 0;
            int digits = 0;
            while (i < to) {
                int d = hexValue(s.charAt(i));
                if (d < 0) {
                    break;
                }
                value = (value << 4) | d;
                if (++digits > 4) {
                    return false;
                }
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                long v4 = parseDottedQuad(s, groupStart, to);
                if (v4 == INVALID) {
                    return false;
                }
                if (compressed) {
                    tailHi = (tailHi << 32) | (tailLo >>> 32);
                    tailLo = (tailLo << 32) | v4;
                    tailGroups += 2;
                } else {
                    headHi = (headHi << 32) | (headLo >>> 32);
                    headLo = (headLo << 32) | v4;
                    headGroups += 2;
                }
                i = to;
                break;
            }
            if (digits == 0) {
                return false;
            }
            if (compressed) {
                tailHi = (tailHi << 16) | (tailLo >>> 48);
                tailLo = (tailLo << 16) | value;
                tailGroups++;
            } else {
                headHi = (headHi << 16) | (headLo >>> 48);
                headLo = (headLo << 16) | value;
                headGroups++;
            }
            if (headGroups + tailGroups > 8) {
                return false;
            }
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i == to) {
                return false; // a single trailing colon
            }
            if (s.charAt(i) == ':') {
                if (compressed) {
                    return false; // "::" at most once
                }
                compressed = true;
                i++;
            }
        }
        int groups = headGroups + tailGroups;
        if (compressed ? groups > 7 : groups != 8) {
            return false;
        }
        // Left-align the groups before "::"; the tail is already right-aligned.
        for (int shift = 8 - headGroups; shift > 0; shift--) {
            headHi = (headHi << 16) | (headLo >>> 48);
            headLo = headLo << 16;
        }
        long hi = headHi | tailHi;
        long lo = headLo | tailLo;
        if (hi == 0 && (lo == 0 || lo == MAPPED_LO_PREFIX)) {
            return false; // "::" and "::ffff:0.0.0.0": the mapped form is 0.0.0.0, refused like the dotted one
        }
        out[0] = hi;
        out[1] = lo;
        return true;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    public static boolean isMappedIpv4(long hi, long lo) {
        return hi == MAPPED_HI && (lo >>> 32) == 0xFFFFL;
    }

    public static long mapIpv4(long v4) {
        return MAPPED_LO_PREFIX | v4;
    }

    /** Canonical text: dotted quad for IPv4 (and IPv4-mapped), RFC 5952 for IPv6. */
    public static String format(long hi, long lo) {
        if (isMappedIpv4(hi, lo)) {
            return formatIpv4(lo & 0xFFFF_FFFFL);
        }
        int[] groups = new int[8];
        for (int g = 0; g < 4; g++) {
            groups[g] = (int) (hi >>> (48 - 16 * g)) & 0xFFFF;
            groups[g + 4] = (int) (lo >>> (48 - 16 * g)) & 0xFFFF;
        }
        // RFC 5952: compress the longest run of two or more zero groups, the first one on a tie.
        int bestStart = -1;
        int bestLength = 1;
        for (int g = 0; g < 8; ) {
            if (groups[g] != 0) {
                g++;
                continue;
            }
            int start = g;
            while (g < 8 && groups[g] == 0) {
                g++;
            }
            if (g - start > bestLength) {
                bestStart = start;
                bestLength = g - start;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                sb.append("::");
                g += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[g]));
        }
        return sb.toString();
    }

    public static String formatIpv4(long v4) {
        // Concatenation compiles to an exactly sized string with no StringBuilder or copy: this text is made
        // for most requests (the MDC, getRemoteAddr), so its bytes count.
        return ((v4 >>> 24) & 0xFF) + "." + ((v4 >>> 16) & 0xFF) + "." + ((v4 >>> 8) & 0xFF) + "." + (v4 & 0xFF);
    }

    /**
     * Parses a whole string, IPv6 optionally in brackets, into {@code {hi, lo}}; null if it is not a valid
     * address. Allocates: for configuration, logs and lookups off the request path.
     */
    public static long[] parse(String text) {
        int from = 0;
        int to = text.length();
        if (to >= 2 && text.charAt(0) == '[' && text.charAt(to - 1) == ']') {
            from = 1;
            to--;
        }
        long v4 = parseIpv4(text, from, to);
        if (v4 != INVALID) {
            return new long[] {MAPPED_HI, mapIpv4(v4)};
        }
        long[] v6 = new long[2];
        return parseIpv6(text, from, to, v6) ? v6 : null;
    }

    /** {@code {hi, lo}} of 4 or 16 network-order bytes; IPv4 becomes its IPv4-mapped form. */
    public static long[] fromBytes(byte[] bytes) {
        if (bytes.length == 4) {
            long v4 = ((bytes[0] & 0xFFL) << 24) | ((bytes[1] & 0xFFL) << 16) | ((bytes[2] & 0xFFL) << 8)
                    | (bytes[3] & 0xFFL);
            return new long[] {MAPPED_HI, mapIpv4(v4)};
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (bytes[i] & 0xFFL);
            lo = (lo << 8) | (bytes[i + 8] & 0xFFL);
        }
        return new long[] {hi, lo};
    }

    /** The address as 4 (IPv4 and IPv4-mapped) or 16 bytes, network order. */
    public static byte[] toBytes(long hi, long lo) {
        if (isMappedIpv4(hi, lo)) {
            int v4 = (int) lo;
            return new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4};
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[i + 8] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }
}
