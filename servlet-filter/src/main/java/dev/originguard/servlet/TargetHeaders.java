package dev.originguard.servlet;

import dev.originguard.internal.ForwardedTarget;
import dev.originguard.internal.ForwardedTargetHeaders;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/**
 * Which headers report the scheme, host and port, and reading them from a request. A header named
 * {@code Forwarded} is read as RFC 7239 ({@code proto=}, {@code host=}); any other as {@code X-Forwarded-*}
 * style. Read only for requests from trusted proxies.
 */
final class TargetHeaders {

    static final String FORWARDED = "Forwarded";

    private final ForwardedTargetHeaders rules;

    TargetHeaders(String protocolHeader, String hostHeader, String portHeader) {
        this(protocolHeader, hostHeader, portHeader, ForwardedTarget.DEFAULT_TLS_SCHEMES);
    }

    TargetHeaders(String protocolHeader, String hostHeader, String portHeader, List<String> tlsSchemes) {
        this.rules = new ForwardedTargetHeaders(protocolHeader, hostHeader, portHeader, tlsSchemes);
    }

    /** The target the request's headers report; never throws, whatever they hold. */
    ForwardedTarget read(HttpServletRequest request) {
        return rules.read(request, TargetHeaders::lines);
    }

    /** Every line of a header in the order received; empty when absent. */
    static List<String> lines(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return List.of();
        }
        String first = values.nextElement();
        return first != null && !values.hasMoreElements() ? List.of(first) : lines(first, values);
    }

    /** {@code first} and the lines left in {@code values}, skipping nulls a misbehaving wrapper may give. */
    static List<String> lines(String first, Enumeration<String> values) {
        List<String> all = new ArrayList<>(4);
        if (first != null) {
            all.add(first);
        }
        while (values.hasMoreElements()) {
            String line = values.nextElement();
            if (line != null) {
                all.add(line);
            }
        }
        return all;
    }
}
