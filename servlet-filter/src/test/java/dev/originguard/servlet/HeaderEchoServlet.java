package dev.originguard.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;

/**
 * {@link ProbeServlet}'s view plus every header as the container hands it to the application, one
 * {@code header.<name as reported>=<values joined by " | ">} line each: shows what a container does with
 * header names such as {@code X_Forwarded_For}. With {@code ?ask=Name,Name}, also what {@code getHeader},
 * {@code getHeaders}, {@code getIntHeader} and {@code getDateHeader} return for each named header, one
 * {@code ask.<name>=...} line each, so a test can ask for a spelling the request did not use.
 */
final class HeaderEchoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StringBuilder body = new StringBuilder(ProbeServlet.describe(request));
        for (String name : Collections.list(request.getHeaderNames())) {
            body.append("header.").append(name).append('=')
                    .append(String.join(" | ", Collections.list(request.getHeaders(name)))).append('\n');
        }
        String ask = request.getParameter("ask");
        if (ask != null) {
            for (String name : ask.split(",")) {
                long date;
                try {
                    date = request.getDateHeader(name);
                } catch (IllegalArgumentException e) {
                    date = -2; // present, and not a date
                }
                int number;
                try {
                    number = request.getIntHeader(name);
                } catch (NumberFormatException e) {
                    number = -2; // present, and not a number
                }
                body.append("ask.").append(name).append('=').append(request.getHeader(name)).append(" | ")
                        .append(String.join(" | ", Collections.list(request.getHeaders(name)))).append(" | int ")
                        .append(number).append(" | date ").append(date).append('\n');
            }
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print(body);
    }
}
