package dev.originguard.bench;

import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.NoSuchElementException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockServletContext;

/**
 * A reusable request whose accessors allocate nothing (unlike the mock's case-insensitive header map), so the
 * allocation a filter reports over it is the filter's own. Single-threaded; {@link #clear()} between requests.
 */
final class FixedRequest extends HttpServletRequestWrapper {

    private static final int SLOTS = 16;

    private final String remoteAddr;
    private final String headerName;
    private final String headerValue;
    private final String[] attributeNames = new String[SLOTS];
    private final Object[] attributeValues = new Object[SLOTS];
    private final OneValue headerValues = new OneValue();

    FixedRequest(MockServletContext context, String remoteAddr, String headerName, String headerValue) {
        super(mock(context, remoteAddr, headerName, headerValue));
        this.remoteAddr = remoteAddr;
        this.headerName = headerName;
        this.headerValue = headerValue;
    }

    private static MockHttpServletRequest mock(MockServletContext context, String remoteAddr, String name,
                                               String value) {
        MockHttpServletRequest mock = new MockHttpServletRequest(context, "GET", Scenario.PATH);
        mock.setRemoteAddr(remoteAddr);
        mock.addHeader(name, value);
        return mock;
    }

    /** Forgets the attributes the last request set. */
    void clear() {
        for (int i = 0; i < SLOTS; i++) {
            attributeNames[i] = null;
            attributeValues[i] = null;
        }
    }

    @Override
    public String getRemoteAddr() {
        return remoteAddr;
    }

    @Override
    public String getHeader(String name) {
        return headerName.equalsIgnoreCase(name) ? headerValue : null;
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        if (!headerName.equalsIgnoreCase(name)) {
            return Collections.emptyEnumeration();
        }
        headerValues.pending = true;
        return headerValues;
    }

    @Override
    public Object getAttribute(String name) {
        for (int i = 0; i < SLOTS; i++) {
            if (name.equals(attributeNames[i])) {
                return attributeValues[i];
            }
        }
        return null;
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (value == null) {
            removeAttribute(name);
            return;
        }
        int free = -1;
        for (int i = 0; i < SLOTS; i++) {
            if (name.equals(attributeNames[i])) {
                attributeValues[i] = value;
                return;
            }
            if (free < 0 && attributeNames[i] == null) {
                free = i;
            }
        }
        if (free < 0) {
            throw new IllegalStateException("more than " + SLOTS + " request attributes");
        }
        attributeNames[free] = name;
        attributeValues[free] = value;
    }

    @Override
    public void removeAttribute(String name) {
        for (int i = 0; i < SLOTS; i++) {
            if (name.equals(attributeNames[i])) {
                attributeNames[i] = null;
                attributeValues[i] = null;
            }
        }
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        List<String> names = new ArrayList<>();
        for (String name : attributeNames) {
            if (name != null) {
                names.add(name);
            }
        }
        return Collections.enumeration(names);
    }

    // Rewound by each getHeaders call: the header has exactly one line.
    private final class OneValue implements Enumeration<String> {
        boolean pending;

        @Override
        public boolean hasMoreElements() {
            return pending;
        }

        @Override
        public String nextElement() {
            if (!pending) {
                throw new NoSuchElementException();
            }
            pending = false;
            return headerValue;
        }
    }
}
