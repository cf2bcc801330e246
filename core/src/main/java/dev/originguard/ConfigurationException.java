package dev.originguard;

import java.util.Objects;

/**
 * A configuration value OriginGuard refuses, with where it came from, the value and why.
 *
 * <p>The message reads {@code <where>: '<value>' <reason>}, for example
 * {@code trustedProxies: '10.0.0.0/33' is not a valid IP address, CIDR or range (...)}. {@code where} is
 * the setting name, optionally with the file and line or URL the value was read from.
 */
public final class ConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String where;
    private final String value;
    private final String reason;

    /**
     * @param where  the setting, file or source the value came from
     * @param value  the refused value, as given
     * @param reason why it is refused, phrased to follow the quoted value
     */
    public ConfigurationException(String where, String value, String reason) {
        super(where + ": '" + value + "' " + reason);
        this.where = Objects.requireNonNull(where, "where");
        this.value = Objects.requireNonNull(value, "value");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The setting (and file, line or URL) the refused value came from. */
    public String where() {
        return where;
    }

    /** The refused value as it was given. */
    public String value() {
        return value;
    }

    /** Why the value is refused. */
    public String reason() {
        return reason;
    }
}
