package dev.originguard.servlet;

/**
 * The JMX view of one {@link OriginGuardFilter}, registered with the platform MBean server in {@code init} as
 * {@code dev.originguard:type=OriginGuardFilter,context=<context path, "/" for the root>,name=<filter name>}
 * and unregistered in {@code destroy} (a second filter under the same name gets {@code ,instance=N} added). For plain servlet applications without Actuator: read it with
 * {@code jconsole}, {@code jmxterm} or any JMX client. Secrets are never shown. Every operation works on the
 * settings in force; while the filter is destroyed they throw {@link IllegalStateException}.
 */
public interface OriginGuardFilterMXBean {

    /** {@link OriginGuardFilter#status()} as one JSON object (lock, sets and sources, counters, policy file). */
    String getStatus();

    /**
     * Every CIDR in force, one line each: {@code <setting> <cidr> <entry>[ <location> fetched <time>]}, as
     * {@link OriginGuardFilter#ranges()}.
     */
    String[] getRanges();

    /** The policy file's last refusal, or null when there is none pending (or no policy file). */
    String getPolicyError();

    /** Refreshes every range source now; returns the status after it. */
    String refresh();

    /** Reads the policy file now; whether a new policy is in force. */
    boolean reloadPolicy();

    /**
     * What the filter decides for a request, step by step, for people.
     *
     * @param peer    the TCP peer, such as {@code 10.0.0.5}
     * @param headers header lines as {@code Name: value}; null or empty for none
     * @param path    the path inside the application, such as {@code /login}; null for {@code /}
     */
    String explain(String peer, String[] headers, String path);

    /** As {@link #explain}, as one JSON object. */
    String explainJson(String peer, String[] headers, String path);
}
