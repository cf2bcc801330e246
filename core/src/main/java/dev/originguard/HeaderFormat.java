package dev.originguard;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How the client-IP header is read.
 *
 * <p>{@link #forHeader(String)} picks the format from the header name: {@code Forwarded} is
 * {@link #FORWARDED}; the well-known single-value headers ({@code X-Real-IP}, {@code CF-Connecting-IP},
 * {@code True-Client-IP}, {@code Ali-Cdn-Real-Ip}, {@code Fastly-Client-IP}, {@code X-Client-IP},
 * {@code EO-Connecting-IP}) are {@link #SINGLE}; any other name is a {@link #LIST} like
 * {@code X-Forwarded-For}.
 */
public enum HeaderFormat {

    /**
     * A comma-separated list of addresses, appended to by each proxy ({@code X-Forwarded-For}). Several
     * header lines are joined in order. Entries may carry a port ({@code 1.2.3.4:80},
     * {@code [2001:db8::1]:443}), brackets or quotes.
     */
    LIST,

    /** RFC 7239 {@code Forwarded}: the {@code for=} parameter of each comma-separated element. */
    FORWARDED,

    /**
     * One address set by the edge proxy ({@code CF-Connecting-IP}). More than one value, or a list, is
     * malformed.
     */
    SINGLE;

    private static final Set<String> SINGLE_VALUE_HEADERS = Set.of(
            "x-real-ip", "cf-connecting-ip", "true-client-ip", "ali-cdn-real-ip", "fastly-client-ip",
            "x-client-ip", "eo-connecting-ip");

    private static final Set<String> KNOWN = Stream.concat(
            Stream.of("forwarded", "x-forwarded-for"), SINGLE_VALUE_HEADERS.stream())
            .collect(Collectors.toUnmodifiableSet());

    /**
     * The client-IP headers OriginGuard knows, lower-case: {@code forwarded}, {@code x-forwarded-for} and the
     * single-value headers listed above. Used to hide them from an application that would read them itself.
     */
    public static Set<String> knownClientIpHeaders() {
        return KNOWN;
    }

    /** The format of a header by its (case-insensitive) name. */
    public static HeaderFormat forHeader(String headerName) {
        String name = headerName.strip().toLowerCase(Locale.ROOT);
        if (name.equals("forwarded")) {
            return FORWARDED;
        }
        return SINGLE_VALUE_HEADERS.contains(name) ? SINGLE : LIST;
    }
}
