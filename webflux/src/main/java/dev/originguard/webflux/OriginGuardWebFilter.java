package dev.originguard.webflux;

import dev.originguard.ClientIpResolver;
import dev.originguard.ConfigurationException;
import dev.originguard.HeaderReader;
import dev.originguard.OriginSecret;
import dev.originguard.PeerCheck;
import dev.originguard.Resolution;
import dev.originguard.internal.ExemptPaths;
import dev.originguard.internal.ForwardedTarget;
import dev.originguard.internal.ForwardedTargetHeaders;
import dev.originguard.internal.LogText;
import dev.originguard.internal.RequestPath;
import dev.originguard.internal.StartedSets;
import dev.originguard.internal.ThrottledLog;
import dev.originguard.settings.LockOrigin;
import dev.originguard.settings.OriginGuardSettings;
import dev.originguard.settings.RemoveForwardingHeaders;
import dev.originguard.settings.Setting;
import dev.originguard.settings.TrustSettings;
import dev.originguard.source.LiveAddressSet;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * OriginGuard for Spring WebFlux: the servlet filter's restore and lock stages over the same core and settings.
 * For each request it resolves the client from the peer and the client-IP header(s) by the right-to-left walk
 * over the trusted sets, refuses a direct request with a generic 403 when the origin is locked (unless the peer
 * is in direct allow or the path is exempt in its normalised form), and hands the application a request whose
 * {@code getRemoteAddress()} is the client and whose URI carries the scheme, host and port the trusted proxy
 * reported. The origin-secret header is always hidden; {@code removeForwardingHeaders} hides the forwarding
 * headers as in the servlet filter. The {@link Resolution} is the exchange attribute
 * {@link #RESOLUTION_ATTRIBUTE}.
 *
 * <p>Not supported yet, and refused at construction so that nothing starts unenforced: rate limiting
 * ({@code rateLimit}, servlet-only) and proxy certificates ({@code proxyCertificate}). Order
 * {@link #ORDER}: before anything that reads the client. {@link #close()} stops the range-source refreshes.
 */
public final class OriginGuardWebFilter implements WebFilter, Ordered, AutoCloseable {

    /** The exchange attribute holding the request's {@link Resolution}. */
    public static final String RESOLUTION_ATTRIBUTE = OriginGuardWebFilter.class.getName() + ".resolution";

    /** The filter's order: first, so every later filter and handler sees the restored client. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

    private static final Logger log = LoggerFactory.getLogger(OriginGuardWebFilter.class);
    private static final byte[] FORBIDDEN_BODY = "Forbidden\n".getBytes(StandardCharsets.US_ASCII);
    private static final HeaderReader<HttpHeaders> HEADERS = (headers, name) -> {
        List<String> lines = headers.get(name);
        return lines == null ? List.of() : lines;
    };

    private final ClientIpResolver resolver;
    private final LockOrigin lockOrigin;
    private final ExemptPaths exemptPaths;
    private final OriginSecret originSecret;
    private final ForwardedTargetHeaders targetHeaders;
    private final RemoveForwardingHeaders removeForwardingHeaders;
    private final List<String> hiddenHeaders;
    private final List<LiveAddressSet> started;
    private final ThrottledLog refusedLog = new ThrottledLog(log);
    private final ThrottledLog wouldRefuseLog = new ThrottledLog(log);

    private OriginGuardWebFilter(OriginGuardSettings settings, ClientIpResolver resolver,
            List<LiveAddressSet> started) {
        TrustSettings trust = settings.trust();
        this.started = started;
        this.resolver = resolver;
        this.lockOrigin = settings.lock().mode();
        this.exemptPaths = ExemptPaths.of(settings.lock().exemptPaths());
        this.originSecret = settings.originSecret();
        this.targetHeaders = new ForwardedTargetHeaders(trust.protocolHeader(), trust.hostHeader(),
                trust.portHeader(), trust.tlsSchemes());
        this.removeForwardingHeaders = trust.removeForwardingHeaders();
        List<String> hidden = new ArrayList<>(this.resolver.sourceHeaders());
        for (String name : new String[] {trust.protocolHeader(), trust.hostHeader(), trust.portHeader()}) {
            if (name != null) {
                hidden.add(name);
            }
        }
        this.hiddenHeaders = List.copyOf(hidden);
    }

    /**
     * The filter for {@code settings}, its range sources loaded and scheduled.
     *
     * @throws ConfigurationException when a setting cannot be honoured by a WebFlux application (rate limiting,
     *                                proxy certificates) or a source cannot be loaded under the start-up policy
     */
    public static OriginGuardWebFilter of(OriginGuardSettings settings) {
        if (settings.rateLimit() != null) {
            throw new ConfigurationException(Setting.RATE_LIMIT.key(), "(set)", "rate limiting is servlet-only"
                    + " for now: the WebFlux filter cannot enforce it; remove it or run on the servlet stack");
        }
        if (settings.trust().proxyCertificate() != null) {
            throw new ConfigurationException(Setting.PROXY_CERTIFICATE.key(), "(set)", "proxy certificates are"
                    + " servlet-only for now: the WebFlux filter cannot check them; remove it or run on the"
                    + " servlet stack");
        }
        // The same sets and resolver as the servlet filter's, started in the same place.
        StartedSets sets = new StartedSets(settings.ranges());
        try {
            return new OriginGuardWebFilter(settings, sets.resolver(settings.trust()), sets.live());
        } catch (RuntimeException e) {
            sets.close();
            throw e;
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders headers = request.getHeaders();
        String peer = peer(request.getRemoteAddress());
        PeerCheck check = originSecret == null || originSecret.matches(HEADERS.lines(headers,
                originSecret.headerName())) ? PeerCheck.VERIFIED : PeerCheck.UNVERIFIED;
        Resolution resolution = resolver.walksSources() ? resolver.resolve(peer, headers, HEADERS, check)
                : resolver.resolve(peer, HEADERS.lines(headers, resolver.headerName()), check);
        if (!resolution.peerTrusted() && !resolution.peerDirectAllowed() && lockOrigin != LockOrigin.OFF
                && !exempt(request)) {
            if (lockOrigin == LockOrigin.ON) {
                refusedLog.warn("Refused a direct request from {} (not a trusted proxy, not in directAllow;"
                        + " lockOrigin=on): {}", LogText.escape(resolution.peerIp()),
                        LogText.escape(request.getMethod().name()));
                return refuse(exchange.getResponse());
            }
            wouldRefuseLog.warn("Would refuse a direct request from {} (not a trusted proxy, not in directAllow;"
                    + " lockOrigin=report): {}", LogText.escape(resolution.peerIp()),
                    LogText.escape(request.getMethod().name()));
        }
        exchange.getAttributes().put(RESOLUTION_ATTRIBUTE, resolution);
        return chain.filter(exchange.mutate().request(restored(request, resolution)).build());
    }

    /** The request the application sees: the client as its remote address, the reported target, headers hidden. */
    private ServerHttpRequest restored(ServerHttpRequest request, Resolution resolution) {
        ServerHttpRequest.Builder builder = request.mutate();
        if (resolution.peerTrusted()) {
            InetSocketAddress original = request.getRemoteAddress();
            try {
                // A literal address: parsed, never looked up.
                InetAddress client = InetAddress.getByName(resolution.clientIp());
                builder.remoteAddress(new InetSocketAddress(client, original == null ? 0 : original.getPort()));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException("the resolver returned a non-literal address", e);
            }
            ForwardedTarget target = targetHeaders.read(request.getHeaders(), HEADERS);
            if (!target.isEmpty()) {
                builder.uri(uri(request.getURI(), target));
            }
        }
        boolean hideAll = removeForwardingHeaders == RemoveForwardingHeaders.ALL
                || removeForwardingHeaders == RemoveForwardingHeaders.UNTRUSTED && !resolution.peerTrusted();
        if (hideAll || originSecret != null) {
            builder.headers(h -> {
                if (originSecret != null) {
                    h.remove(originSecret.headerName());
                }
                if (hideAll) {
                    hiddenHeaders.forEach(h::remove);
                    h.remove("Forwarded");
                    List<String> family = new ArrayList<>();
                    for (String name : h.headerNames()) {
                        if (name.toLowerCase(Locale.ROOT).startsWith("x-forwarded-")) {
                            family.add(name);
                        }
                    }
                    family.forEach(h::remove);
                }
            });
        }
        return builder.build();
    }

    // The reported parts replace the request's own; a reported scheme or host without a port means its default.
    private static URI uri(URI uri, ForwardedTarget target) {
        UriComponentsBuilder builder = UriComponentsBuilder.fromUri(uri);
        if (target.scheme() != null) {
            builder.scheme(target.scheme());
        }
        if (target.host() != null) {
            builder.host(target.host());
        }
        if (target.port() >= 0) {
            builder.port(target.port());
        } else if (target.scheme() != null || target.host() != null) {
            builder.port(-1);
        }
        return builder.build(true).toUri();
    }

    private boolean exempt(ServerHttpRequest request) {
        if (exemptPaths.isEmpty()) {
            return false;
        }
        // WebFlux routes on the raw path: only its normalised form (raw equals decoded) can be exempt.
        String raw = request.getURI().getRawPath();
        String context = request.getPath().contextPath().value();
        String within = request.getPath().pathWithinApplication().value();
        return exemptPaths.matches(RequestPath.of(raw, context, within, null));
    }

    private static String peer(InetSocketAddress address) {
        if (address == null || address.getAddress() == null) {
            return "";
        }
        return address.getAddress().getHostAddress();
    }

    // A generic body: the reason is for the operator's log, not for whoever probes the origin.
    private static Mono<Void> refuse(ServerHttpResponse response) {
        response.setStatusCode(HttpStatus.FORBIDDEN);
        HttpHeaders headers = response.getHeaders();
        headers.set(HttpHeaders.CONTENT_TYPE, "text/plain;charset=US-ASCII");
        headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
        headers.setContentLength(FORBIDDEN_BODY.length);
        DataBuffer body = response.bufferFactory().wrap(FORBIDDEN_BODY);
        return response.writeWith(Mono.just(body));
    }

    /** The resolution of the exchange, or null when the filter did not run for it. */
    public static Resolution resolution(ServerWebExchange exchange) {
        return exchange.getAttribute(RESOLUTION_ATTRIBUTE);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** Stops the range-source refreshes; the filter keeps its last sets. */
    @Override
    public void close() {
        started.forEach(LiveAddressSet::close);
    }
}
