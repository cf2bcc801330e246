package dev.originguard.sample;

import dev.originguard.Resolution;
import dev.originguard.servlet.OriginGuardFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/** Answers with what the application sees of the request, and the filter's resolution, as JSON. */
final class WhoAmIServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Resolution r = OriginGuardFilter.resolution(request);
        StringBuilder json = new StringBuilder(512).append("{\n");
        field(json, "remoteAddr", request.getRemoteAddr());
        field(json, "scheme", request.getScheme());
        field(json, "secure", request.isSecure());
        field(json, "serverName", request.getServerName());
        field(json, "serverPort", request.getServerPort());
        field(json, "requestURL", request.getRequestURL().toString());
        json.append("  \"resolution\": {\n");
        field(json, "    ", "clientIp", r.clientIp(), true);
        field(json, "    ", "peerIp", r.peerIp(), true);
        field(json, "    ", "peerTrusted", r.peerTrusted(), true);
        field(json, "    ", "peerDirectAllowed", r.peerDirectAllowed(), true);
        field(json, "    ", "clientKnown", r.clientKnown(), true);
        field(json, "    ", "rule", r.rule().name(), true);
        field(json, "    ", "trustedHops", r.trustedHops(), true);
        field(json, "    ", "rateLimitKey", r.rateLimitKey(), true);
        field(json, "    ", "rateLimitExempt", r.rateLimitExempt(), false);
        json.append("  }\n}\n");
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().print(json);
    }

    private static void field(StringBuilder json, String name, Object value) {
        field(json, "  ", name, value, true);
    }

    private static void field(StringBuilder json, String indent, String name, Object value, boolean comma) {
        json.append(indent).append('"').append(name).append("\": ").append(toJson(value))
                .append(comma ? ",\n" : "\n");
    }

    private static String toJson(Object value) {
        if (value instanceof Boolean || value instanceof Integer) {
            return value.toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ", ").append(toJson(list.get(i)));
            }
            return out.append(']').toString();
        }
        return quote(String.valueOf(value));
    }

    // Values here are addresses and host names the filter validated, but quote properly all the same.
    private static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
