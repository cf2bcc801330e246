package dev.originguard.servlet;

import dev.originguard.ConfigurationException;
import jakarta.servlet.FilterConfig;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Reads {@link OriginGuardFilter}'s init-params into its {@link OriginGuardFilter.Builder}. */
final class InitParams {

    static final String TRUSTED_PROXIES = "trustedProxies";
    static final String CLIENT_IP_HEADER = "clientIpHeader";
    static final String LOCK_ORIGIN = "lockOrigin";
    static final String DIRECT_ALLOW = "directAllow";
    static final String LOCK_ORIGIN_EXEMPT_PATHS = "lockOriginExemptPaths";
    static final String RATE_LIMIT_EXEMPT = "rateLimitExempt";
    static final String MAX_HOPS = "maxHops";
    static final String MAX_HEADER_LENGTH = "maxHeaderLength";
    static final String PROTOCOL_HEADER = "protocolHeader";
    static final String HOST_HEADER = "hostHeader";
    static final String PORT_HEADER = "portHeader";

    /** Every init-param the filter reads; another name is a typo that would silently weaken the setup. */
    static final List<String> NAMES = List.of(TRUSTED_PROXIES, CLIENT_IP_HEADER, LOCK_ORIGIN, DIRECT_ALLOW,
            LOCK_ORIGIN_EXEMPT_PATHS, RATE_LIMIT_EXEMPT, MAX_HOPS, MAX_HEADER_LENGTH, PROTOCOL_HEADER, HOST_HEADER,
            PORT_HEADER);

    private InitParams() {
    }

    /**
     * A builder holding every init-param of {@code config}.
     *
     * @throws ConfigurationException naming the init-param, its value and why it is refused
     */
    static OriginGuardFilter.Builder read(FilterConfig config) {
        for (String name : Collections.list(config.getInitParameterNames())) {
            if (!NAMES.contains(name)) {
                throw new ConfigurationException(name, String.valueOf(config.getInitParameter(name)),
                        "is not a setting of OriginGuardFilter (known: " + String.join(", ", NAMES) + ")");
            }
        }
        OriginGuardFilter.Builder builder = OriginGuardFilter.builder();
        String value;
        if ((value = config.getInitParameter(TRUSTED_PROXIES)) != null) {
            builder.trustedProxies(value);
        }
        if ((value = config.getInitParameter(CLIENT_IP_HEADER)) != null) {
            builder.clientIpHeader(value);
        }
        if ((value = config.getInitParameter(LOCK_ORIGIN)) != null) {
            builder.lockOrigin(lockOrigin(value));
        }
        if ((value = config.getInitParameter(DIRECT_ALLOW)) != null) {
            builder.directAllow(value);
        }
        if ((value = config.getInitParameter(LOCK_ORIGIN_EXEMPT_PATHS)) != null) {
            builder.lockOriginExemptPaths(value);
        }
        if ((value = config.getInitParameter(RATE_LIMIT_EXEMPT)) != null) {
            builder.rateLimitExempt(value);
        }
        if ((value = config.getInitParameter(MAX_HOPS)) != null) {
            builder.maxHops(wholeNumber(MAX_HOPS, value));
        }
        if ((value = config.getInitParameter(MAX_HEADER_LENGTH)) != null) {
            builder.maxHeaderLength(wholeNumber(MAX_HEADER_LENGTH, value));
        }
        if ((value = config.getInitParameter(PROTOCOL_HEADER)) != null) {
            builder.protocolHeader(value);
        }
        if ((value = config.getInitParameter(HOST_HEADER)) != null) {
            builder.hostHeader(value);
        }
        if ((value = config.getInitParameter(PORT_HEADER)) != null) {
            builder.portHeader(value);
        }
        return builder;
    }

    static LockOrigin lockOrigin(String value) {
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "off":
                return LockOrigin.OFF;
            case "report":
                return LockOrigin.REPORT;
            case "on":
                return LockOrigin.ON;
            default:
                throw new ConfigurationException(LOCK_ORIGIN, value, "is not one of off, report, on");
        }
    }

    private static int wholeNumber(String setting, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(setting, value, "is not a whole number");
        }
    }
}
