package dev.originguard.internal;

/**
 * The one escape for text from outside (a request's method, path and headers, a fetched list's error) before it
 * reaches a log line, a status or a metric: nothing in it can start a new line or hide what follows.
 *
 * <p>Internal to OriginGuard, not API: it may change or go without notice. Public only so that every module
 * uses the same escape.
 */
public final class LogText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LogText() {
    }

    /**
     * {@code text} with every character that could break or disguise a log line written as a Java escape:
     * {@code \r}, {@code \n}, {@code \t}, other C0 controls, DEL and C1 controls (among them U+0085 NEL) as
     * {@code \u001b}, the line and paragraph separators U+2028 and U+2029, and the bidirectional overrides
     * and isolates (U+202A to U+202E, U+2066 to U+2069), which reorder what a terminal shows. A backslash is
     * left as it is. Returns {@code text} itself (no copy) when there is nothing to escape, and null for null.
     */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int n = text.length();
        int i = 0;
        while (i < n && !needsEscape(text.charAt(i))) {
            i++;
        }
        if (i == n) {
            return text;
        }
        StringBuilder sb = new StringBuilder(n + 16).append(text, 0, i);
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (!needsEscape(c)) {
                sb.append(c);
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\t') {
                sb.append("\\t");
            } else {
                sb.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                        .append(HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }

    /** {@link #escape(String)} on {@code String.valueOf(value)}; for values that are not text. */
    public static String escape(Object value) {
        return value == null ? null : escape(value.toString());
    }

    private static boolean needsEscape(char c) {
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return true;
        }
        if (c < 0x2028) {
            return false;
        }
        return c <= 0x202e || (c >= 0x2066 && c <= 0x2069);
    }
}
