package dev.originguard.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Sends the request to the probe through each kind of dispatch, chosen by its servlet path. */
final class DispatchingServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        switch (request.getServletPath()) {
            case "/forward" -> request.getRequestDispatcher("/probe").forward(request, response);
            case "/include" -> {
                response.setContentType("text/plain;charset=UTF-8");
                request.getRequestDispatcher("/probe").include(request, response);
            }
            case "/teapot" -> response.sendError(418);
            case "/async-dispatch" -> request.startAsync().dispatch("/probe");
            case "/async-thread" -> {
                AsyncContext async = request.startAsync();
                async.start(() -> {
                    try {
                        async.getResponse().setContentType("text/plain;charset=UTF-8");
                        async.getResponse().getWriter().print(
                                ProbeServlet.describe((HttpServletRequest) async.getRequest()));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    } finally {
                        async.complete();
                    }
                });
            }
            default -> response.sendError(404);
        }
    }
}
