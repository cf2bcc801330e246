package dev.originguard.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code header} parameter of the explain operation back as header lines. Actuator hands a repeated
 * parameter over as its values, but splits a single one on commas (and trims the pieces), which would cut
 * {@code X-Forwarded-For: 198.51.100.7, 10.0.0.1} in two. A piece that does not start with a header name and a
 * colon continues the line before it; a name of hexadecimal digits only ({@code fe80}, {@code 2001}) is the
 * start of an IPv6 address, not a header.
 */
final class HeaderParameter {

    private static final Pattern NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+:.*", Pattern.DOTALL);
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]*:.*", Pattern.DOTALL);

    private HeaderParameter() {
    }

    static List<String> lines(String[] values) {
        List<String> out = new ArrayList<>();
        if (values == null) {
            return out;
        }
        for (String value : values) {
            if (value == null || value.isBlank()) {
                continue;
            }
            String piece = value.strip();
            boolean starts = NAME.matcher(piece).matches() && !HEX.matcher(piece).matches();
            if (!starts && !out.isEmpty()) {
                out.set(out.size() - 1, out.get(out.size() - 1) + ", " + piece);
            } else {
                out.add(piece);
            }
        }
        return out;
    }
}
