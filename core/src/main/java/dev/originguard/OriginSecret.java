package dev.originguard;

import dev.originguard.settings.Setting;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;

/**
 * A shared secret the proxy adds to every request it forwards (an Alibaba Cloud WAF custom header, Azure
 * Front Door's {@code X-Azure-FDID}, a header set by a Cloudflare transform rule), proving the request came
 * through <em>your</em> proxy configuration. IP ranges alone cannot prove that on a shared CDN: every other
 * customer of the same provider sends from the same addresses. A request from a trusted proxy without a
 * valid secret is to be resolved as from an untrusted peer:
 * {@code resolver.resolve(peer, headerLines, secret.matches(secretLines))}.
 *
 * <p>Several accepted values may be given at once, so a secret can be rotated without downtime: add the new
 * value, switch the proxy over, remove the old one. Only SHA-256 digests of the values are kept, and a
 * presented value is compared with every accepted digest in constant time ({@link MessageDigest#isEqual}
 * on fixed-length digests), so neither the content nor the length of a secret leaks through timing.
 * {@link #toString()} and every error message name the header and count the values, never print them.
 *
 * <p>A value must be at least {@value #MIN_LENGTH} characters of printable ASCII (spaces allowed inside,
 * not at either end, as HTTP servers trim them). There are no defaults: the header name and at least one
 * value are required. Immutable and thread-safe.
 */
public final class OriginSecret {

    /** The fewest characters an accepted value may have. */
    public static final int MIN_LENGTH = 16;

    private final String headerName;
    private final byte[][] digests;

    private OriginSecret(String headerName, byte[][] digests) {
        this.headerName = headerName;
        this.digests = digests;
    }

    /**
     * An origin secret carried in {@code headerName}, accepting any of {@code acceptedValues}.
     *
     * @throws ConfigurationException if the header name is not a valid HTTP header name, no value is given,
     *                                or a value is blank, shorter than {@value #MIN_LENGTH} characters or
     *                                not printable ASCII (the message names the value by position only)
     */
    public static OriginSecret of(String headerName, String... acceptedValues) {
        return of(headerName, List.of(Objects.requireNonNull(acceptedValues, "acceptedValues")));
    }

    /** As {@link #of(String, String...)}. */
    public static OriginSecret of(String headerName, List<String> acceptedValues) {
        Objects.requireNonNull(headerName, "headerName");
        Objects.requireNonNull(acceptedValues, "acceptedValues");
        String name = headerName.strip();
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
            throw new ConfigurationException(Setting.ORIGIN_SECRET_HEADER.key(), headerName, "is not a valid HTTP header name");
        }
        if (acceptedValues.isEmpty()) {
            throw new ConfigurationException(Setting.ORIGIN_SECRET.key(), "", "is empty: give at least one secret value");
        }
        byte[][] digests = new byte[acceptedValues.size()][];
        for (int i = 0; i < digests.length; i++) {
            String value = acceptedValues.get(i);
            String placeholder = "<secret #" + (i + 1) + ">";
            if (value == null || value.isBlank()) {
                throw new ConfigurationException(Setting.ORIGIN_SECRET.key(), placeholder, "is blank");
            }
            if (value.length() < MIN_LENGTH) {
                throw new ConfigurationException(Setting.ORIGIN_SECRET.key(), placeholder, "has " + value.length()
                        + " characters; a secret needs at least " + MIN_LENGTH + " (use a random value, e.g. a UUID)");
            }
            if (!value.chars().allMatch(c -> c >= 32 && c < 127) || value.charAt(0) == ' '
                    || value.charAt(value.length() - 1) == ' ') {
                throw new ConfigurationException(Setting.ORIGIN_SECRET.key(), placeholder, "must be printable ASCII "
                        + "without leading or trailing spaces (an HTTP header value cannot carry it reliably)");
            }
            digests[i] = digest(value);
        }
        return new OriginSecret(name, digests);
    }

    /** The header the proxy puts the secret in. */
    public String headerName() {
        return headerName;
    }

    /** How many values are accepted. */
    public int valueCount() {
        return digests.length;
    }

    /** Whether {@code headerValue} is one of the accepted values; false for null. Constant time. */
    public boolean matches(String headerValue) {
        if (headerValue == null) {
            return false;
        }
        byte[] presented = digest(headerValue);
        boolean match = false;
        for (byte[] accepted : digests) {
            match |= MessageDigest.isEqual(presented, accepted); // no short cut: every value is compared
        }
        return match;
    }

    /**
     * Whether the request's lines of the header hold exactly one line, and it is an accepted value. Two
     * lines are refused even if one matches: a proxy sets the header once, so a second line was added by
     * someone else.
     */
    public boolean matches(List<String> headerValues) {
        return headerValues != null && headerValues.size() == 1 && matches(headerValues.get(0));
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", impossible);
        }
    }

    /** The header name and the number of values; never the values. */
    @Override
    public String toString() {
        return "OriginSecret[header=" + headerName + ", " + digests.length + (digests.length == 1 ? " value]" : " values]");
    }
}
