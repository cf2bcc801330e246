package dev.originguard.ratelimit;

import dev.originguard.DurationText;

import dev.originguard.ConfigurationException;
import io.github.bucket4j.Bandwidth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One bandwidth in the compact syntax {@code <requests>/<period>}: {@code 100/1m} allows bursts of 100
 * requests and refills them smoothly over a minute (Bucket4j greedy refill).
 */
final class Rate {

    static final long MAX_REQUESTS = 1_000_000_000L;
    static final Duration MIN_PERIOD = Duration.ofSeconds(1);
    static final Duration MAX_PERIOD = Duration.ofDays(7);

    private final long requests;
    private final Duration period;
    private final String text;

    Rate(long requests, Duration period) {
        this.requests = requests;
        this.period = period;
        this.text = requests + "/" + DurationText.format(period);
    }

    /** Parses a comma-separated list of rates such as {@code 100/1m, 2000/1h}; never empty. */
    static List<Rate> parseList(String where, String value) {
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

    static Rate parse(String where, String text) {
        int slash = text.indexOf('/');
        String count = slash < 0 ? "" : text.substring(0, slash).strip();
        Duration period = slash < 0 ? null : DurationText.parseOrNull(text.substring(slash + 1));
        if (slash < 0 || count.isEmpty() || !count.chars().allMatch(c -> c >= '0' && c <= '9') || period == null) {
            throw new ConfigurationException(where, text,
                    "is not a rate: expected <requests>/<period> such as 100/1m or 2000/1h, the period's unit being s, m, h or d");
        }
        long n = count.length() > 10 ? Long.MAX_VALUE : Long.parseLong(count);
        if (n < 1 || n > MAX_REQUESTS) {
            throw new ConfigurationException(where, text,
                    "is out of range: the request count must be between 1 and " + MAX_REQUESTS);
        }
        if (period.compareTo(MIN_PERIOD) < 0 || period.compareTo(MAX_PERIOD) > 0) {
            throw new ConfigurationException(where, text, "is out of range: the period must be between 1s and 7d");
        }
        return new Rate(n, period);
    }

    /** The Bucket4j bandwidth: capacity {@code requests}, refilled greedily over {@code period}. */
    Bandwidth bandwidth() {
        return Bandwidth.builder().capacity(requests).refillGreedy(requests, period).id(text).build();
    }

    long requests() {
        return requests;
    }

    Duration period() {
        return period;
    }

    @Override
    public String toString() {
        return text;
    }

    static String toString(List<Rate> rates) {
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
