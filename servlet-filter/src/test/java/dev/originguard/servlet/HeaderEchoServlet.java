package dev.originguard.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;

/**
 * {@link ProbeServlet}'s view plus every header as the container hands it to the application, one
 * {@code header.<name as reported>=<values joined by " | ">} line each: shows what a container does with
 * header names such as {@code X_Forwarded_For}.
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
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print(body);
    }
}
