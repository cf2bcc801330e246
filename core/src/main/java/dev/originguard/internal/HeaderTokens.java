package dev.originguard.internal;

/**
 * Splits forwarding-header text into list elements and parameters, the one tokenizer behind
 * {@code ForwardedChain} (client addresses, read from the right) and {@link ForwardedTarget} (scheme, host and
 * port). RFC 9110 lists: elements separated by commas, optional spaces and tabs around them; in RFC 7239
 * {@code Forwarded} a separator inside a quoted string does not split.
 *
 * <p>Static and allocation-free: every method takes and returns positions in the text.
 *
 * <p>Internal to OriginGuard, not API: it may change in any release.
 */
public final class HeaderTokens {

    private HeaderTokens() {
    }

    /**
     * The start of the element ending at {@code end} (exclusive): the index after the comma before it,
     * or 0. When {@code quoteAware}, a comma inside a quoted string does not split. Reads no further left than
     * {@code floor}: returns -1 when the element starts before it (the read budget is spent).
     */
    public static int elementStart(String line, int end, boolean quoteAware, int floor) {
        boolean quoted = false;
        for (int i = end - 1; i >= Math.max(floor - 1, 0); i--) {
            char c = line.charAt(i);
            if (quoteAware && c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                return i + 1;
            }
        }
        return floor == 0 ? 0 : -1;
    }

    /**
     * The next {@code separator} outside a quoted string at or after {@code from}: {@code to} if there is none,
     * -1 if a quoted string is still open at {@code to}.
     */
    public static int unquotedIndexOf(String s, char separator, int from, int to) {
        boolean quoted = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                return i;
            }
        }
        return quoted ? -1 : to;
    }

    /** The first {@code c} in {@code [from, to)}, or -1. */
    public static int indexOf(String s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** {@code from} moved right past spaces and tabs, at most to {@code to}. */
    public static int trimStart(String s, int from, int to) {
        while (from < to && isOws(s.charAt(from))) {
            from++;
        }
        return from;
    }

    /** {@code to} moved left past spaces and tabs, at least to {@code from}. */
    public static int trimEnd(String s, int from, int to) {
        while (to > from && isOws(s.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    /** Whether {@code [from, to)} holds only commas and whitespace: empty list elements. */
    public static boolean onlySeparators(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c != ',' && !isOws(c)) {
                return false;
            }
        }
        return true;
    }

    /** Optional whitespace (RFC 9110 OWS): a space or a tab. */
    public static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }
}
