package dev.originguard.explain;

import dev.originguard.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The request an {@link Explainer} is asked about: the TCP peer, the headers as they would arrive, and
 * optionally the method and path (for the lock's exempt paths and the rate-limit rules). Immutable.
 *
 * @param peer    the connection's peer address, as a server reports it ({@code 10.0.0.5}, {@code [::1]})
 * @param headers the headers in the order received; a name given twice is two lines of that header
 * @param method  the HTTP method, upper case; null means {@code GET}
 * @param path    the raw request path inside the application ({@code /login}); null means {@code /}
 */
public record ExplainRequest(String peer, List<Header> headers, String method, String path) {

    /** One header line. */
    public record Header(String name, String value) {

        /** A header line; both parts required. */
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        /**
         * A header written as {@code Name: value}, as curl's {@code -H} takes it.
         *
         * @throws ConfigurationException naming {@code --header} when there is no {@code :} or no name
         */
        public static Header parse(String line) {
            int colon = line.indexOf(':');
            if (colon <= 0 || line.substring(0, colon).isBlank()) {
                throw new ConfigurationException("--header", line, "is not 'Name: value'");
            }
            return new Header(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
    }

    /** A request; {@code peer} and {@code headers} required. */
    public ExplainRequest {
        Objects.requireNonNull(peer, "peer");
        headers = List.copyOf(headers);
    }

    /** The lines of header {@code name}, matched ignoring case, in order; empty when absent. */
    public List<String> lines(String name) {
        List<String> out = new ArrayList<>(1);
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                out.add(h.value());
            }
        }
        return out;
    }

    /** The method, {@code GET} when none was given. */
    public String methodOrGet() {
        return method == null || method.isBlank() ? "GET" : method.strip();
    }

    /** The path, {@code /} when none was given. */
    public String pathOrRoot() {
        return path == null || path.isEmpty() ? "/" : path;
    }
}
