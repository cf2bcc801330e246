package dev.originguard.servlet;

import dev.originguard.settings.RemoveForwardingHeaders;
import dev.originguard.HeaderFormat;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The forwarding headers {@link RemoveForwardingHeaders} hides from the application. Names match ignoring
 * ASCII case, with {@code _} read as {@code -}. Immutable; matching allocates nothing.
 */
final class HiddenHeaders {

    private static final Set<String> STANDARD = Set.of("x-forwarded-proto", "x-forwarded-host", "x-forwarded-port");

    private final String[] names; // lower-case, '-' for '_'

    private HiddenHeaders(Collection<String> names) {
        this.names = names.toArray(new String[0]);
    }

    /** The standard and known client-IP headers plus the configured ones (nulls skipped). */
    static HiddenHeaders of(String... configured) {
        Set<String> all = new LinkedHashSet<>(HeaderFormat.knownClientIpHeaders());
        all.addAll(STANDARD);
        for (String name : configured) {
            if (name != null) {
                all.add(normalize(name));
            }
        }
        return new HiddenHeaders(all);
    }

    boolean hides(String name) {
        if (name == null) {
            return false;
        }
        for (String hidden : names) {
            if (matches(hidden, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String hidden, String name) {
        int n = hidden.length();
        if (name.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c == '_') {
                c = '-';
            } else if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != hidden.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String normalize(String name) {
        return name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
