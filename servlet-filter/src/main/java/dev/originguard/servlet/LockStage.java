package dev.originguard.servlet;

import dev.originguard.Resolution;
import dev.originguard.internal.LogText;
import dev.originguard.internal.ThrottledLog;
import dev.originguard.servlet.internal.ServletRequestPaths;
import dev.originguard.settings.LockOrigin;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock stage: a request whose peer is not a trusted proxy is refused with a generic 403 when the origin is
 * locked ({@code lockOrigin=on}), unless its peer is in direct allow or its path is exempt; in report mode it is
 * only counted and logged. It counts direct, refused and would-be-refused requests and writes their throttled
 * lines, and notes a forwarding header it ignored from an untrusted peer.
 */
final class LockStage {

    private static final Logger log = LoggerFactory.getLogger(OriginGuardFilter.class);
    private static final byte[] FORBIDDEN_BODY = "Forbidden\n".getBytes(StandardCharsets.US_ASCII);

    final LongAdder direct = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder reported = new LongAdder();

    // Log lines an attacker can cause, each written at most once per 10 s.
    private final ThrottledLog refusedLog = new ThrottledLog(log);
    private final ThrottledLog wouldRefuseLog = new ThrottledLog(log);
    private final ThrottledLog ignoredHeaderLog = new ThrottledLog(log);

    /**
     * Whether the request may go on; false when it was refused, its response written.
     *
     * @throws IOException when writing the refusal fails
     */
    boolean admit(FilterSettings s, HttpServletRequest request, HttpServletResponse response, Resolution resolution,
            String rewrittenBy) throws IOException {
        if (rewrittenBy != null && s.lockOrigin() != LockOrigin.OFF) {
            return admitRewritten(s, response, resolution, rewrittenBy);
        }
        if (resolution.peerTrusted()) {
            return true;
        }
        if (!resolution.peerDirectAllowed() && s.lockOrigin() != LockOrigin.OFF && !exempt(s, request)) {
            if (s.lockOrigin() == LockOrigin.ON) {
                rejected.increment();
                refusedLog.warn("Refused a direct request from {} (not a trusted proxy, not in directAllow;"
                        + " lockOrigin=on): {}", LogText.escape(resolution.peerIp()),
                        LogText.escape(request.getMethod()));
                refuse(response);
                return false;
            }
            reported.increment();
            wouldRefuseLog.warn("Would refuse a direct request from {} (not a trusted proxy, not in"
                    + " directAllow; lockOrigin=report): {}", LogText.escape(resolution.peerIp()),
                    LogText.escape(request.getMethod()));
        } else {
            direct.increment();
        }
        if (resolution.clientIpHeaderIgnored()) {
            ignoredHeaderLog.info("Ignored {} from {}: the peer is not a trusted proxy",
                    String.join(", ", s.resolver().sourceHeaders()),
                    LogText.escape(resolution.peerIp()));
        }
        return true;
    }

    // The peer was replaced by the container's own forwarding layer: whether it came through a trusted proxy is
    // not known, so a locked origin refuses it, and says why.
    private boolean admitRewritten(FilterSettings s, HttpServletResponse response, Resolution resolution,
            String layer) throws IOException {
        if (s.lockOrigin() == LockOrigin.ON) {
            rejected.increment();
            refusedLog.warn("Refused a request with peer {}: {} replaced the peer address before OriginGuard,"
                    + " which cannot check that it came through a trusted proxy (lockOrigin=on)",
                    LogText.escape(resolution.peerIp()), layer);
            refuse(response);
            return false;
        }
        reported.increment();
        wouldRefuseLog.warn("Would refuse a request with peer {}: {} replaced the peer address before OriginGuard"
                + " (lockOrigin=report)", LogText.escape(resolution.peerIp()), layer);
        return true;
    }

    private static boolean exempt(FilterSettings s, HttpServletRequest request) {
        return s.exemptPaths().matches(ServletRequestPaths.of(request));
    }

    // A generic body: the reason is for the operator's log, not for whoever probes the origin.
    private static void refuse(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/plain;charset=US-ASCII");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(FORBIDDEN_BODY.length);
        response.getOutputStream().write(FORBIDDEN_BODY);
    }
}
