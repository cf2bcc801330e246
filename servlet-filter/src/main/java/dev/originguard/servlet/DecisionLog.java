package dev.originguard.servlet;

import dev.originguard.explain.ExplainRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;

/**
 * The DEBUG line of {@value OriginGuardFilter#DECISION_LOGGER}: the request's decision explained by the filter's
 * explainer from the headers it reads, on one line ({@code Explanation.compact()}, every value escaped). Only
 * called when that logger is at DEBUG, so it may allocate freely.
 */
final class DecisionLog {

    private DecisionLog() {
    }

    static void write(Logger log, FilterSettings s, HttpServletRequest request) {
        try {
            List<ExplainRequest.Header> headers = new ArrayList<>();
            List<String> names = new ArrayList<>(s.resolver().sourceHeaders());
            if (s.originSecret() != null) {
                names.add(s.originSecret().headerName()); // read to verify; compact() never prints a header value
            }
            for (String name : names) {
                for (String value : Collections.list(request.getHeaders(name))) {
                    headers.add(new ExplainRequest.Header(name, value));
                }
            }
            String uri = request.getRequestURI();
            String context = request.getContextPath();
            String path = uri != null && context != null && uri.startsWith(context) ? uri.substring(context.length())
                    : uri;
            ExplainRequest asked = new ExplainRequest(request.getRemoteAddr(), headers, request.getMethod(), path);
            log.debug("{}", s.explainer().explain(asked).compact());
        } catch (RuntimeException e) {
            // A diagnostic line must never fail a request.
            log.debug("OriginGuard could not explain this request: {}", String.valueOf(e));
        }
    }
}
