package dev.originguard.internal;

import dev.originguard.HeaderReader;
import java.util.List;

/**
 * Which headers report the scheme, host and port, and reading them from any request type through a
 * {@link HeaderReader}: the servlet filter and the WebFlux filter read the same rules. A header named
 * {@code Forwarded} is read as RFC 7239 ({@code proto=}, {@code host=}); any other as {@code X-Forwarded-*}
 * style. Read only for requests from trusted proxies. Not API.
 */
public final class ForwardedTargetHeaders {

    private static final String FORWARDED = "Forwarded";

    private final String protocolHeader; // null: not read
    private final String hostHeader;
    private final String portHeader;
    private final boolean protocolForwarded;
    private final boolean hostForwarded;
    private final String[] tlsSchemes; // lower case

    /** Headers as configured (null: not read); {@code tlsSchemes} lower case, read as {@code https}. */
    public ForwardedTargetHeaders(String protocolHeader, String hostHeader, String portHeader,
            List<String> tlsSchemes) {
        this.tlsSchemes = tlsSchemes.toArray(new String[0]);
        this.protocolHeader = protocolHeader;
        this.hostHeader = hostHeader;
        this.portHeader = portHeader;
        this.protocolForwarded = FORWARDED.equalsIgnoreCase(protocolHeader);
        this.hostForwarded = FORWARDED.equalsIgnoreCase(hostHeader);
    }

    /** The target the request's headers report; never throws, whatever they hold. */
    public <R> ForwardedTarget read(R request, HeaderReader<R> headers) {
        if (protocolHeader == null && hostHeader == null && portHeader == null) {
            return ForwardedTarget.none();
        }
        ForwardedTarget forwarded = protocolForwarded || hostForwarded
                ? ForwardedTarget.fromForwarded(headers.lines(request, FORWARDED), tlsSchemes)
                : ForwardedTarget.none();
        ForwardedTarget named = ForwardedTarget.fromHeaders(
                protocolHeader != null && !protocolForwarded ? headers.lines(request, protocolHeader) : List.of(),
                hostHeader != null && !hostForwarded ? headers.lines(request, hostHeader) : List.of(),
                portHeader != null ? headers.lines(request, portHeader) : List.of(), tlsSchemes);
        String scheme = protocolForwarded ? forwarded.scheme() : named.scheme();
        String host = hostForwarded ? forwarded.host() : named.host();
        int port = named.port();
        if (hostForwarded && port < 0) {
            port = forwarded.port();
        }
        return ForwardedTarget.of(scheme, host, port);
    }
}
