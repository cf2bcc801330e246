package dev.originguard.internal;

import dev.originguard.settings.OriginGuardSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code lockOriginExemptPaths}: paths inside the web application (after the context path) that a locked
 * origin serves to anyone, such as a load balancer's health check. An entry is an exact path ({@code /health})
 * or a prefix ending in {@code /*} ({@code /status/*} matches {@code /status} and everything under it).
 *
 * <p>A request is exempt only when every path it may be routed on is exempt: its raw URI must be in normalised
 * form (see {@link RequestPath}) and the container's path must match. So neither {@code /health/../admin} (the
 * container routes on {@code /admin}) nor {@code /admin/../health} (Spring MVC routes on the raw URI, which
 * starts with {@code /admin}) passes as {@code /health}; nor does {@code /health;jsessionid=x}. Shared by the
 * servlet and WebFlux filters; not API.
 */
public final class ExemptPaths {

    private static final ExemptPaths NONE = new ExemptPaths(new String[0], new String[0]);

    private final String[] exact;
    private final String[] prefixes; // without the trailing "/*"

    private ExemptPaths(String[] exact, String[] prefixes) {
        this.exact = exact;
        this.prefixes = prefixes;
    }

    public static ExemptPaths none() {
        return NONE;
    }

    /** Validates and compiles entries as {@code lockOriginExemptPaths} would; for tests and tools. */
    public static ExemptPaths parse(String setting, String... values) {
        return of(OriginGuardSettings.builder().lockOriginExemptPaths(values).build().lock().exemptPaths());
    }

    /** The matcher of validated entries ({@link dev.originguard.settings.LockSettings#exemptPaths()}). */
    public static ExemptPaths of(List<String> entries) {
        List<String> exact = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (String entry : entries) {
            if (entry.endsWith("/*")) {
                prefixes.add(entry.substring(0, entry.length() - 2));
            } else {
                exact.add(entry);
            }
        }
        return exact.isEmpty() && prefixes.isEmpty() ? NONE
                : new ExemptPaths(exact.toArray(new String[0]), prefixes.toArray(new String[0]));
    }

    public boolean isEmpty() {
        return exact.length == 0 && prefixes.length == 0;
    }

    /**
     * Whether the request is exempt: its raw URI is in normalised form, so the container and every framework
     * route on the same path, and that path is exempt. A request in any other form is never exempt.
     */
    public boolean matches(RequestPath path) {
        return path.normalised() && matches(path.containerPath());
    }

    /** Whether the path (servlet path + path info, as the container decoded it) is an exempt entry. */
    public boolean matches(String path) {
        for (String e : exact) {
            if (e.equals(path)) {
                return true;
            }
        }
        for (String p : prefixes) {
            if (path.startsWith(p) && (path.length() == p.length() || path.charAt(p.length()) == '/')) {
                return true;
            }
        }
        return false;
    }

    /** The entries as given back, for logs. */
    @Override
    public String toString() {
        List<String> all = new ArrayList<>(List.of(exact));
        for (String p : prefixes) {
            all.add(p + "/*");
        }
        return all.toString();
    }
}
