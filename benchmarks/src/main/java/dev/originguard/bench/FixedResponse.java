package dev.originguard.bench;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * A response that records status and headers in fixed slots and allocates nothing, so a benchmark of the
 * rate-limit stage measures the stage, not Spring's mock storing the headers it sets (FixedRequest's twin).
 */
final class FixedResponse extends HttpServletResponseWrapper {

    private static final int SLOTS = 8;

    private final String[] names = new String[SLOTS];
    private final String[] values = new String[SLOTS];
    private int used;
    private int status = HttpServletResponse.SC_OK;

    FixedResponse() {
        super(new MockHttpServletResponse());
    }

    @Override
    public void reset() {
        for (int i = 0; i < used; i++) {
            names[i] = null;
            values[i] = null;
        }
        used = 0;
        status = HttpServletResponse.SC_OK;
    }

    @Override
    public void setHeader(String name, String value) {
        for (int i = 0; i < used; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                values[i] = value;
                return;
            }
        }
        if (used < SLOTS) {
            names[used] = name;
            values[used++] = value;
        }
    }

    @Override
    public void addHeader(String name, String value) {
        setHeader(name, value);
    }

    @Override
    public String getHeader(String name) {
        for (int i = 0; i < used; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return values[i];
            }
        }
        return null;
    }

    @Override
    public boolean containsHeader(String name) {
        return getHeader(name) != null;
    }

    @Override
    public void setStatus(int sc) {
        status = sc;
    }

    @Override
    public int getStatus() {
        return status;
    }
}
