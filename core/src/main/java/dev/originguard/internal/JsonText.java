package dev.originguard.internal;

/**
 * Writes JSON strings: the few lines of hand-written JSON OriginGuard's tools print (explain, export) need no
 * library, only correct escaping. Not API.
 */
public final class JsonText {

    private JsonText() {
    }

    /** {@code text} as a JSON string literal, or {@code null} for null. */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x2028 && c <= 0x2029)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
