package dev.originguard.servlet;

import dev.originguard.ClientIpResolver;
import dev.originguard.HeaderReader;
import dev.originguard.OriginSecret;
import dev.originguard.PeerCheck;
import dev.originguard.Resolution;
import dev.originguard.internal.LogText;
import dev.originguard.internal.ThrottledLog;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filter's first stage: reads the client-IP header and checks the origin secret, then walks in one call to
 * the resolver. It counts what the walk found for a trusted peer (restored, the proxy itself, not known) and a
 * request from a trusted range without a valid secret, and writes the throttled lines for the last two.
 */
final class ResolveStage {

    private static final Logger log = LoggerFactory.getLogger(OriginGuardFilter.class);

    // Reads a source's header for the several-source walk; a constant, so a request allocates no reader.
    private static final HeaderReader<HttpServletRequest> HEADERS = TargetHeaders::lines;

    final LongAdder restored = new LongAdder();
    final LongAdder proxy = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder unverified = new LongAdder();

    // Log lines an attacker can cause, each written at most once per 10 s.
    private final ThrottledLog unknownClientLog = new ThrottledLog(log);
    private final ThrottledLog missingSecretLog = new ThrottledLog(log);

    /** The request's resolution; nothing in the headers makes it throw. */
    Resolution resolve(FilterSettings s, HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (peer == null) {
            peer = "";
        }
        ClientIpResolver resolver = s.resolver();
        OriginSecret secret = s.originSecret();
        PeerCertificateCheck certificate = s.certificateCheck();
        boolean certified = certificate == null || certificate.passes(request, peer);
        if (resolver.walksSources()) {
            PeerCheck check = certified && (secret == null
                    || secret.matches(TargetHeaders.lines(request, secret.headerName())))
                    ? PeerCheck.VERIFIED : PeerCheck.UNVERIFIED;
            Resolution resolution = resolver.resolve(peer, request, HEADERS, check);
            count(s, resolution, check);
            return resolution;
        }
        // One header line is the common case: hand it over as is, without building a list around it.
        Enumeration<String> values = request.getHeaders(resolver.headerName());
        String first = values != null && values.hasMoreElements() ? values.nextElement() : null;
        List<String> lines = first != null && values.hasMoreElements() ? TargetHeaders.lines(first, values) : null;
        PeerCheck check = certified && (secret == null
                || secret.matches(TargetHeaders.lines(request, secret.headerName())))
                ? PeerCheck.VERIFIED : PeerCheck.UNVERIFIED;
        Resolution resolution = lines == null ? resolver.resolve(peer, first, check)
                : resolver.resolve(peer, lines, check);
        count(s, resolution, check);
        return resolution;
    }

    private void count(FilterSettings s, Resolution resolution, PeerCheck check) {
        if (resolution.peerTrusted()) {
            if (!resolution.clientKnown()) {
                malformed.increment();
                unknownClientLog.warn("{} from trusted proxy {} has an entry that is not an address or exceeds"
                        + " the limits: the client is not known; using the last trusted hop {}",
                        String.join(", ", s.resolver().sourceHeaders()), LogText.escape(resolution.peerIp()),
                        LogText.escape(resolution.clientIp()));
            } else if (resolution.rule() == Resolution.Rule.PROXY) {
                proxy.increment();
            } else {
                restored.increment();
            }
        } else if (check == PeerCheck.UNVERIFIED && resolution.peerInTrustedRanges()
                && !resolution.peerDirectAllowed()) {
            unverified.increment();
            // From a proxy range but without the secret: another tenant of the same CDN, or a probe.
            missingSecretLog.warn("Request from {} (a trusted proxy range) without {}: treated as a direct"
                    + " request", LogText.escape(resolution.peerIp()), s.originSecret() != null
                    ? "a valid " + s.originSecret().headerName() + " header (or the proxy certificate)"
                    : "the proxy certificate");
        }
    }
}
