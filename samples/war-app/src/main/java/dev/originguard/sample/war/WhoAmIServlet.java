package dev.originguard.sample.war;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Prints the client and scheme the application sees; {@code /login-required} redirects to the login page. */
public class WhoAmIServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getServletPath().equals("/login-required")) {
            resp.sendRedirect(req.getContextPath() + "/login");
            return;
        }
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().print("client=" + req.getRemoteAddr() + "\nscheme=" + req.getScheme() + "\n");
    }
}
