package dev.originguard;

import dev.originguard.internal.HeaderTokens;
import dev.originguard.internal.AddressText;
/**
 * Finds the address in one element of a forwarding header, which {@link HeaderTokens} splits from the right,
 * the direction the walk trusts it: each proxy appends on the right, so everything left of the nearest
 * untrusted entry may be forged.
 *
 * <p>Static and allocation-free: positions are returned packed in a long ({@code from << 32 | to}).
 */
final class ForwardedChain {

    /** The element is not a usable address: {@code unknown}, an obfuscated id, a hostname, garbage. */
    static final long INVALID = -1L;
    /** The element is empty (only whitespace): skipped, per the RFC 9110 list rule. */
    static final long EMPTY = -2L;

    private ForwardedChain() {
    }

    /**
     * The element {@code [from, to)} as a bare dotted quad between optional spaces and tabs, or
     * {@link AddressText#INVALID} when it is anything else (which {@link #locateAddress} then reads).
     */
    static long bareIpv4(String s, int from, int to) {
        from = HeaderTokens.trimStart(s, from, to);
        to = HeaderTokens.trimEnd(s, from, to);
        return AddressText.parseIpv4(s, from, to);
    }

    /** The address inside the element {@code [from, to)}, packed, or {@link #INVALID} / {@link #EMPTY}. */
    static long locateAddress(String s, int from, int to, HeaderFormat format) {
        from = HeaderTokens.trimStart(s, from, to);
        to = HeaderTokens.trimEnd(s, from, to);
        if (from == to) {
            return EMPTY;
        }
        if (format == HeaderFormat.FORWARDED) {
            return locateForParameter(s, from, to);
        }
        return locateNode(s, from, to, false);
    }

    /** An address with optional quotes, brackets and port; {@code [from, to)} is already trimmed. */
    private static long locateNode(String s, int from, int to, boolean obfuscatedPortAllowed) {
        if (s.charAt(from) == '"') {
            if (to - from < 2 || s.charAt(to - 1) != '"') {
                return INVALID;
            }
            from++;
            to--;
            if (from == to) {
                return INVALID;
            }
        }
        if (s.charAt(from) == '[') {
            int close = HeaderTokens.indexOf(s, ']', from, to);
            if (close < 0) {
                return INVALID;
            }
            if (close + 1 < to && (s.charAt(close + 1) != ':' || !isPort(s, close + 2, to, obfuscatedPortAllowed))) {
                return INVALID;
            }
            return pack(from + 1, close);
        }
        int colon = HeaderTokens.indexOf(s, ':', from, to);
        if (colon >= 0 && HeaderTokens.indexOf(s, ':', colon + 1, to) < 0) {
            // Exactly one colon: IPv4 with a port. Two or more: an unbracketed IPv6 address, no port.
            return isPort(s, colon + 1, to, obfuscatedPortAllowed) ? pack(from, colon) : INVALID;
        }
        return pack(from, to);
    }

    /** The {@code for=} node of one RFC 7239 element; a missing or repeated {@code for} is invalid. */
    private static long locateForParameter(String s, int from, int to) {
        long found = INVALID;
        int pairStart = from;
        while (pairStart <= to) {
            int pairEnd = HeaderTokens.unquotedIndexOf(s, ';', pairStart, to);
            if (pairEnd < 0) {
                pairEnd = to; // an open quote: the rest is one pair, and its value fails to parse
            }
            int eq = HeaderTokens.indexOf(s, '=', pairStart, pairEnd);
            if (eq >= 0 && isFor(s, pairStart, eq)) {
                if (found != INVALID) {
                    return INVALID; // two for= in one element: ambiguous
                }
                int vFrom = eq + 1;
                int vTo = pairEnd;
                vTo = HeaderTokens.trimEnd(s, vFrom, vTo);
                if (vFrom == vTo || isUnknownOrObfuscated(s, vFrom, vTo)) {
                    return INVALID;
                }
                found = locateNode(s, vFrom, vTo, true);
                if (found == INVALID) {
                    return INVALID;
                }
            }
            pairStart = pairEnd + 1;
        }
        return found;
    }

    private static boolean isFor(String s, int from, int eq) {
        from = HeaderTokens.trimStart(s, from, eq);
        eq = HeaderTokens.trimEnd(s, from, eq);
        return eq - from == 3 && s.regionMatches(true, from, "for", 0, 3);
    }

    private static boolean isUnknownOrObfuscated(String s, int from, int to) {
        if (s.charAt(from) == '"' && to - from >= 2) {
            from++;
            to--;
        }
        return from < to && (s.charAt(from) == '_' || (to - from == 7 && s.regionMatches(true, from, "unknown", 0, 7)));
    }

    /** 1-5 ASCII digits up to 65535, or in {@code Forwarded} an obfuscated port {@code _token}. */
    private static boolean isPort(String s, int from, int to, boolean obfuscatedAllowed) {
        int len = to - from;
        if (len <= 0) {
            return false;
        }
        if (obfuscatedAllowed && s.charAt(from) == '_') {
            for (int i = from + 1; i < to; i++) {
                char c = s.charAt(i);
                if (!(Character.isLetterOrDigit(c) && c < 128) && c != '.' && c != '_' && c != '-') {
                    return false;
                }
            }
            return len > 1;
        }
        if (len > 5) {
            return false;
        }
        int port = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            port = port * 10 + (c - '0');
        }
        return port <= 65535;
    }

    static long pack(int from, int to) {
        return ((long) from << 32) | to;
    }

    static int from(long packed) {
        return (int) (packed >>> 32);
    }

    static int to(long packed) {
        return (int) packed;
    }
}
