package dev.originguard.servlet;

import jakarta.servlet.http.HttpServlet;

/**
 * An application servlet that leaves every method to {@link HttpServlet}'s defaults: {@code TRACE} is answered
 * by {@code HttpServlet.doTrace}, which echoes the request's headers as the application sees them. This is
 * what a servlet (Spring's {@code DispatcherServlet} included, by default) does with a TRACE the container
 * lets through.
 */
final class TraceServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
}
