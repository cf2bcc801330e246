package dev.originguard.servlet;

import dev.originguard.Resolution;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;

/** The application's view of a request, as {@code key=value} lines. */
final class ProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print(describe(request));
    }

    static String describe(HttpServletRequest request) {
        Resolution resolution = OriginGuardFilter.resolution(request);
        return "remoteAddr=" + request.getRemoteAddr() + "\n"
                + "remoteHost=" + request.getRemoteHost() + "\n"
                + "remotePort=" + request.getRemotePort() + "\n"
                + "scheme=" + request.getScheme() + "\n"
                + "secure=" + request.isSecure() + "\n"
                + "serverName=" + request.getServerName() + "\n"
                + "serverPort=" + request.getServerPort() + "\n"
                + "requestURL=" + request.getRequestURL() + "\n"
                + "client=" + (resolution == null ? "none" : resolution.clientIp()) + "\n"
                + "rule=" + (resolution == null ? "none" : resolution.rule()) + "\n"
                + "mdc=" + MDC.get(OriginGuardFilter.MDC_CLIENT_IP) + "\n"
                + "dispatcher=" + request.getDispatcherType() + "\n";
    }
}
