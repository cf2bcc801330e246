package dev.originguard.bench;

import dev.originguard.AddressSet;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.Enumeration;
import org.slf4j.MDC;

/**
 * What bounds the whole filter: the least a filter with OriginGuard's contract does per request, and nothing
 * else. It makes the calls on the request that contract needs (the attribute a later dispatch looks for, the
 * peer, every line of the header, the attribute for the app), the {@link FloorWalk}, the client's text, one
 * request wrapper and the MDC key; no counters, no response wrapper, no restore of an outer MDC value, no
 * result object, no limits and no IPv6. OriginGuard's net cost minus this one's is what OriginGuard adds.
 */
final class FloorFilter implements Filter {

    static final String ATTRIBUTE = "dev.originguard.bench.FloorClient";
    private static final String MDC_KEY = "client.ip";

    private final FloorWalk walk;
    private final String headerName;

    FloorFilter(AddressSet trusted, String headerName) {
        this.walk = FloorWalk.of(trusted);
        this.headerName = headerName;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (request.getAttribute(ATTRIBUTE) != null) {
            chain.doFilter(req, res);
            return;
        }
        String peer = request.getRemoteAddr();
        Enumeration<String> lines = request.getHeaders(headerName);
        String header = lines.hasMoreElements() ? lines.nextElement() : "";
        while (lines.hasMoreElements()) {
            header = header + "," + lines.nextElement();
        }
        long client = walk.walk(peer, header);
        String text = client < 0 ? peer : format((int) client);
        request.setAttribute(ATTRIBUTE, text);
        MDC.put(MDC_KEY, text);
        try {
            chain.doFilter(new HttpServletRequestWrapper(request) {
                @Override
                public String getRemoteAddr() {
                    return text;
                }
            }, res);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    private static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }
}
