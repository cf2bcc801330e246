package dev.originguard.ratelimit;

import dev.originguard.ConfigurationException;
import dev.originguard.internal.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One rate: a burst of {@code requests}, refilled smoothly over {@code period}. Written {@code 100/1m} in text
 * settings; {@link #of(long, Duration)} in code. Immutable.
 */
public final class Rate {

    /** The largest request count of one rate. */
    public static final long MAX_REQUESTS = 1_000_000_000L;
    /** The shortest period of a rate. */
    public static final Duration MIN_PERIOD = Duration.ofSeconds(1);
    /** The longest period of a rate. */
    public static final Duration MAX_PERIOD = Duration.ofDays(7);

    private final long requests;
    private final Duration period;
    private final String text;

    private Rate(long requests, Duration period) {
        this.requests = requests;
        this.period = period;
        this.text = requests + "/" + DurationText.format(period);
    }

    /**
     * {@code requests} per {@code period}, such as {@code Rate.of(100, Duration.ofMinutes(1))}.
     *
     * @throws ConfigurationException when the count is not 1 to {@value #MAX_REQUESTS} or the period not 1s to 7d
     */
    public static Rate of(long requests, Duration period) {
        Objects.requireNonNull(period, "period");
        return checked("rate", requests + "/" + period, requests, period);
    }

    /**
     * Parses a comma-separated list of rates such as {@code 100/1m, 2000/1h}; never empty.
     *
     * @param where the setting named in a refusal
     * @throws ConfigurationException naming {@code where}, the bad rate and why
     */
    public static List<Rate> parseList(String where, String value) {
        List<Rate> rates = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            if (part.isBlank()) {
                throw new ConfigurationException(where, value,
                        "has an empty rate: expected rates such as 100/1m, 2000/1h separated by commas");
            }
            rates.add(parse(where, part.strip()));
        }
        return List.copyOf(rates);
    }

    /**
     * Parses one rate, {@code <requests>/<period>}, the period's unit being s, m, h or d.
     *
     * @param where the setting named in a refusal
     * @throws ConfigurationException naming {@code where}, the text and why
     */
    public static Rate parse(String where, String text) {
        int slash = text.indexOf('/');
        String count = slash < 0 ? "" : text.substring(0, slash).strip();
        Duration period = slash < 0 ? null : DurationText.parseOrNull(text.substring(slash + 1));
        if (slash < 0 || count.isEmpty() || !count.chars().allMatch(c -> c >= '0' && c <= '9') || period == null) {
            throw new ConfigurationException(where, text,
                    "is not a rate: expected <requests>/<period> such as 100/1m or 2000/1h, the period's unit being s, m, h or d");
        }
        long n = count.length() > 10 ? Long.MAX_VALUE : Long.parseLong(count);
        return checked(where, text, n, period);
    }

    private static Rate checked(String where, String text, long n, Duration period) {
        if (n < 1 || n > MAX_REQUESTS) {
            throw new ConfigurationException(where, text,
                    "is out of range: the request count must be between 1 and " + MAX_REQUESTS);
        }
        if (period.compareTo(MIN_PERIOD) < 0 || period.compareTo(MAX_PERIOD) > 0) {
            throw new ConfigurationException(where, text, "is out of range: the period must be between 1s and 7d");
        }
        return new Rate(n, period);
    }

    /** The burst size, and how many requests are refilled per period. */
    public long requests() {
        return requests;
    }

    /** The time in which a drained burst refills. */
    public Duration period() {
        return period;
    }

    /** The compact form, such as {@code 100/1m}. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rate r && r.requests == requests && r.period.equals(period);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(requests) * 31 + period.hashCode();
    }

    /** Rates in the compact syntax, separated by {@code ", "}. */
    public static String toString(List<Rate> rates) {
        StringBuilder sb = new StringBuilder();
        for (Rate r : rates) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(r.text);
        }
        return sb.toString();
    }
}
