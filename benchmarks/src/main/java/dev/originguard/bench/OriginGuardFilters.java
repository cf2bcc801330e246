package dev.originguard.bench;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;

/**
 * Loads the OriginGuard filter by name through its public web.xml contract (a no-argument constructor and
 * init-params), once at setup; the measured path then calls {@link Filter#doFilter} like a container does.
 *
 * <p>The class name can be overridden with {@code -Doriginguard.bench.filterClass=...} to exercise the harness
 * with another filter.
 */
public final class OriginGuardFilters {

    /** The filter's class name in the servlet-filter module. */
    public static final String FILTER_CLASS =
            System.getProperty("originguard.bench.filterClass", "dev.originguard.servlet.OriginGuardFilter");

    private OriginGuardFilters() {
    }

    /** Whether the filter class is on the classpath. */
    public static boolean available() {
        try {
            Class.forName(FILTER_CLASS, false, OriginGuardFilters.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * A new, initialized filter.
     *
     * @throws IllegalStateException naming the class when it is not on the classpath or cannot be made
     */
    public static Filter create(FilterConfig config) {
        Class<?> type;
        try {
            type = Class.forName(FILTER_CLASS);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(FILTER_CLASS + " is not on the benchmark classpath: the OriginGuard "
                    + "filter and limiter benchmarks need the servlet-filter module's filter (not merged yet?)", e);
        }
        try {
            Filter filter = (Filter) type.getDeclaredConstructor().newInstance();
            filter.init(config);
            return filter;
        } catch (ReflectiveOperationException | ServletException e) {
            throw new IllegalStateException("cannot create " + FILTER_CLASS + " with init-params of "
                    + config.getFilterName() + ": " + e, e);
        }
    }
}
