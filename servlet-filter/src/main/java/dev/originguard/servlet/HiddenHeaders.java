package dev.originguard.servlet;

import dev.originguard.settings.RemoveForwardingHeaders;
import dev.originguard.HeaderFormat;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The headers {@link RemoveForwardingHeaders} hides from the application: every {@code X-Forwarded-*} header
 * (any name starting with {@code x-forwarded-}, so {@code -Prefix}, {@code -Server}, {@code -Ssl},
 * {@code -Client-Cert} and whatever a proxy invents next), {@code Forwarded}, the known client-IP headers and
 * the configured ones, and the origin-secret header. Names match ignoring ASCII case, with {@code _} read as
 * {@code -}. Immutable; matching allocates nothing.
 *
 * <p>The origin-secret header is hidden whatever {@code removeForwardingHeaders} says: {@link #secretOnly()}
 * is what the application is denied when nothing else is hidden.
 */
final class HiddenHeaders {

    /** The family hidden by prefix: Tomcat and Jetty pass every one of them to the application. */
    private static final String FORWARDED_FAMILY = "x-forwarded-";

    private static final Set<String> STANDARD = Set.of("forwarded", "x-forwarded-for");

    private final String[] names; // lower-case, '-' for '_'
    private final boolean family; // whether every x-forwarded-* name is hidden
    private final HiddenHeaders secretOnly; // null when no origin secret is configured, this when it is all

    private HiddenHeaders(Collection<String> names, boolean family, String secret) {
        this.names = names.toArray(new String[0]);
        this.family = family;
        if (secret == null) {
            this.secretOnly = null;
        } else if (!family && this.names.length == 1) {
            this.secretOnly = this;
        } else {
            this.secretOnly = new HiddenHeaders(List.of(secret), false, secret);
        }
    }

    /**
     * The whole forwarding family, {@code Forwarded}, the known client-IP headers, the configured ones (nulls
     * skipped) and the origin-secret header.
     *
     * @param secretHeader the origin-secret header's name, or null when no secret is configured
     */
    static HiddenHeaders of(String secretHeader, String... configured) {
        Set<String> all = new LinkedHashSet<>(HeaderFormat.knownClientIpHeaders());
        all.addAll(STANDARD);
        for (String name : configured) {
            if (name != null) {
                all.add(normalize(name));
            }
        }
        String secret = secretHeader == null ? null : normalize(secretHeader);
        if (secret != null) {
            all.add(secret);
        }
        all.removeIf(name -> name.startsWith(FORWARDED_FAMILY)); // the prefix covers them
        return new HiddenHeaders(all, true, secret);
    }

    /** Only the origin-secret header, or null when no secret is configured. */
    HiddenHeaders secretOnly() {
        return secretOnly;
    }

    /** Whether the application must not see the header {@code name}. */
    boolean hides(String name) {
        if (name == null) {
            return false;
        }
        if (family && startsWith(name, FORWARDED_FAMILY)) {
            return true;
        }
        for (String hidden : names) {
            if (name.length() == hidden.length() && startsWith(name, hidden)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code name} starts with {@code lower} (lower case, '-' for '_'), ignoring case and '_' vs '-'. */
    private static boolean startsWith(String name, String lower) {
        int n = lower.length();
        if (name.length() < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c == '_') {
                c = '-';
            } else if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String normalize(String name) {
        return name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
