package dev.originguard.internal;

import java.util.List;
import java.util.Objects;

/**
 * The scheme, host and port the client asked for, as trusted proxies report them in {@code X-Forwarded-Proto},
 * {@code X-Forwarded-Host}, {@code X-Forwarded-Port} or RFC 7239 {@code Forwarded} ({@code proto=},
 * {@code host=}). Immutable; each part is absent (null, or -1 for the port) when no usable value was sent.
 *
 * <p>Apply it only when the peer is a trusted proxy (docs/design.md rule 7): these headers are as easy to forge as
 * {@code X-Forwarded-For}. The rules, chosen so that a forged value cannot upgrade a request:
 * <ul>
 *   <li>Scheme: {@code https} only when every proto value (all lines, all list elements) is a TLS scheme
 *       ({@code https}, {@code wss} by default; the {@code tlsSchemes} setting); if any says {@code http} or
 *       {@code ws}, it is {@code http}. Any other value makes the whole header ignored.</li>
 *   <li>Host and port: the right-most value is taken. Each proxy appends on the right, so the right-most value
 *       was set by the proxy nearest to us, the one we trust; values to its left may be the client's own.
 *       Enable a host or port header only when your nearest proxy sets (or overwrites) it.</li>
 *   <li>A host is a DNS name (letters, digits, {@code - . _}, at most 253 characters, no empty label) or a
 *       bracketed IPv6 literal, optionally with {@code :port}; a port is 1 to 65535. Anything else (spaces,
 *       control characters, {@code @}, a path) makes the value ignored, never an exception.</li>
 * </ul>
 * Parsing reads at most {@value #MAX_HEADER_CHARS} characters of each header; a longer header is ignored,
 * so its cost is bounded whatever it holds.
 *
 * <p>Internal to OriginGuard, not API: it may change in any release.
 */
public final class ForwardedTarget {

    /** The most characters of one header (all its lines) read; a longer header is ignored. */
    public static final int MAX_HEADER_CHARS = 8192;

    /** The scheme values read as TLS by default: {@code https}, and {@code wss} that WebSocket proxies send. */
    public static final List<String> DEFAULT_TLS_SCHEMES = List.of("https", "wss");

    private static final String[] DEFAULT_TLS = DEFAULT_TLS_SCHEMES.toArray(new String[0]);
    private static final int MAX_HOST_LENGTH = 253;
    private static final ForwardedTarget NONE = new ForwardedTarget(null, null, -1);

    private final String scheme;
    private final String host;
    private final int port;

    private ForwardedTarget(String scheme, String host, int port) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
    }

    /** The target with no part known. */
    public static ForwardedTarget none() {
        return NONE;
    }

    /**
     * A target of already known parts.
     *
     * @param scheme {@code http}, {@code https} (any case) or null
     * @param host   a host as described above, without port, or null
     * @param port   1 to 65535, or -1 when not known
     * @throws IllegalArgumentException if a part is not valid
     */
    public static ForwardedTarget of(String scheme, String host, int port) {
        String s = null;
        if (scheme != null) {
            s = parseScheme(scheme, 0, scheme.length(), DEFAULT_TLS);
            if (s == null) {
                throw new IllegalArgumentException("scheme '" + scheme + "' is neither http nor https");
            }
        }
        if (host != null && (hostEnd(host, 0, host.length()) != host.length())) {
            throw new IllegalArgumentException("host '" + host + "' is not a valid host name or IPv6 literal");
        }
        if (port != -1 && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
        return s == null && host == null && port == -1 ? NONE : new ForwardedTarget(s, host, port);
    }

    /**
     * Parses the {@code X-Forwarded-*} style headers. Each list holds one header's lines in the order received
     * and may be empty. The port comes from the port header when it is valid, else from the host value.
     */
    public static ForwardedTarget fromHeaders(List<String> protoLines, List<String> hostLines,
                                              List<String> portLines) {
        return fromHeaders(protoLines, hostLines, portLines, DEFAULT_TLS);
    }

    /**
     * As {@link #fromHeaders(List, List, List)}, reading the scheme values in {@code tlsSchemes} (lower case)
     * as {@code https}; {@code http} and {@code ws} are {@code http}, anything else makes the header ignored.
     */
    public static ForwardedTarget fromHeaders(List<String> protoLines, List<String> hostLines,
                                              List<String> portLines, String[] tlsSchemes) {
        String scheme = schemeOf(protoLines, tlsSchemes);
        String host = null;
        int port = -1;
        String hostValue = rightMost(hostLines);
        if (hostValue != null) {
            int end = hostEnd(hostValue, 0, hostValue.length());
            if (end > 0) {
                int hostPort = end == hostValue.length() ? -1 : port(hostValue, end + 1, hostValue.length());
                if (end == hostValue.length() || hostPort > 0) {
                    host = hostValue.substring(0, end);
                    port = hostPort;
                }
            }
        }
        String portValue = rightMost(portLines);
        if (portValue != null) {
            int p = port(portValue, 0, portValue.length());
            if (p > 0) {
                port = p;
            }
        }
        return scheme == null && host == null && port == -1 ? NONE : new ForwardedTarget(scheme, host, port);
    }

    /**
     * Parses RFC 7239 {@code Forwarded} lines for {@code proto=} and {@code host=} (whose port, if any, is the
     * port). A header that cannot be split into elements (an unclosed quote) is ignored.
     */
    public static ForwardedTarget fromForwarded(List<String> forwardedLines) {
        return fromForwarded(forwardedLines, DEFAULT_TLS);
    }

    /** As {@link #fromForwarded(List)}, with the TLS scheme values of {@link #fromHeaders(List, List, List, String[])}. */
    public static ForwardedTarget fromForwarded(List<String> forwardedLines, String[] tlsSchemes) {
        if (totalLength(forwardedLines) > MAX_HEADER_CHARS) {
            return NONE;
        }
        ForwardedScan scan = new ForwardedScan(tlsSchemes);
        for (String line : forwardedLines) {
            if (!scan.line(line)) {
                return NONE;
            }
        }
        String scheme = scan.protoValid && scan.protoCount > 0 ? (scan.allHttps ? "https" : "http") : null;
        String host = null;
        int port = -1;
        if (scan.host != null) {
            String h = scan.host;
            int end = hostEnd(h, 0, h.length());
            if (end > 0) {
                int p = end == h.length() ? -1 : port(h, end + 1, h.length());
                if (end == h.length() || p > 0) {
                    host = h.substring(0, end);
                    port = p;
                }
            }
        }
        return scheme == null && host == null ? NONE : new ForwardedTarget(scheme, host, port);
    }

    /** {@code http} or {@code https}, or null when not reported. */
    public String scheme() {
        return scheme;
    }

    /** The host name or bracketed IPv6 literal, without port, or null when not reported. */
    public String host() {
        return host;
    }

    /** The port, or -1 when not reported. */
    public int port() {
        return port;
    }

    /** Whether no part is known. */
    public boolean isEmpty() {
        return scheme == null && host == null && port == -1;
    }

    // ---- scheme ----

    private static String schemeOf(List<String> lines, String[] tls) {
        if (lines.isEmpty() || totalLength(lines) > MAX_HEADER_CHARS) {
            return null;
        }
        int count = 0;
        boolean allHttps = true;
        for (String line : lines) {
            int from = 0;
            int n = line.length();
            while (from <= n) {
                int comma = HeaderTokens.indexOf(line, ',', from, n);
                int to = comma < 0 ? n : comma;
                int a = HeaderTokens.trimStart(line, from, to);
                int b = HeaderTokens.trimEnd(line, a, to);
                if (a < b) {
                    String s = parseScheme(line, a, b, tls);
                    if (s == null) {
                        return null;
                    }
                    count++;
                    allHttps &= s.equals("https");
                }
                from = to + 1;
            }
        }
        return count == 0 ? null : allHttps ? "https" : "http";
    }

    private static String parseScheme(String s, int from, int to, String[] tls) {
        int len = to - from;
        for (String word : tls) {
            if (len == word.length() && s.regionMatches(true, from, word, 0, len)) {
                return "https";
            }
        }
        if ((len == 4 && s.regionMatches(true, from, "http", 0, 4))
                || (len == 2 && s.regionMatches(true, from, "ws", 0, 2))) {
            return "http";
        }
        return null;
    }

    // ---- host and port ----

    /** The right-most non-empty list element over all lines, trimmed, or null. */
    private static String rightMost(List<String> lines) {
        if (lines.isEmpty() || totalLength(lines) > MAX_HEADER_CHARS) {
            return null;
        }
        for (int li = lines.size() - 1; li >= 0; li--) {
            String line = lines.get(li);
            int end = line.length();
            while (true) {
                int start = HeaderTokens.elementStart(line, end, false, 0);
                int a = HeaderTokens.trimStart(line, start, end);
                int b = HeaderTokens.trimEnd(line, a, end);
                if (a < b) {
                    return line.substring(a, b);
                }
                if (start == 0) {
                    break;
                }
                end = start - 1;
            }
        }
        return null;
    }

    /**
     * Where the host in {@code s[from, to)} ends: {@code to} if it is all host, the index of a {@code :} that
     * follows a valid host (the port is checked by the caller), or -1 if the host is not valid.
     */
    public static int hostEnd(String s, int from, int to) {
        if (from >= to) {
            return -1;
        }
        if (s.charAt(from) == '[') {
            int close = s.indexOf(']', from);
            if (close < 0 || close >= to || close - from > 48) {
                return -1;
            }
            long[] v6 = new long[2];
            if (!AddressText.parseIpv6(s, from + 1, close, v6)) {
                return -1;
            }
            int end = close + 1;
            return end == to || s.charAt(end) == ':' ? end : -1;
        }
        int end = from;
        char previous = '.';
        while (end < to) {
            char c = s.charAt(end);
            if (c == ':') {
                break;
            }
            boolean label = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_';
            if (!label && (c != '.' || previous == '.')) {
                return -1; // a character outside a DNS name, or an empty label
            }
            previous = c;
            end++;
        }
        if (end == from || previous == '.' || end - from > MAX_HOST_LENGTH) {
            return -1;
        }
        return end;
    }

    /** The port 1..65535 written as 1 to 5 ASCII digits in {@code s[from, to)}, or -1. */
    public static int port(String s, int from, int to) {
        int len = to - from;
        if (len < 1 || len > 5) {
            return -1;
        }
        int p = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            p = p * 10 + (c - '0');
        }
        return p >= 1 && p <= 65535 ? p : -1;
    }

    private static int totalLength(List<String> lines) {
        int total = 0;
        for (String line : lines) {
            total += line.length();
            if (total > MAX_HEADER_CHARS) {
                return total;
            }
        }
        return total;
    }

    /**
     * Accumulates {@code proto=} and {@code host=} over RFC 7239 elements from left to right: every proto value
     * must be valid, and the host is the last (right-most) one seen. An element repeating a parameter, or a
     * value with a backslash escape, is invalid; an invalid proto voids the scheme, an invalid host is taken
     * as the right-most host and then fails validation, so it voids the host.
     */
    private static final class ForwardedScan {
        private final String[] tls;
        int protoCount;
        boolean protoValid = true;
        boolean allHttps = true;
        String host;

        ForwardedScan(String[] tls) {
            this.tls = tls;
        }

        /** Reads one line; false if it cannot be split (an unclosed quote). */
        boolean line(String s) {
            int n = s.length();
            int elementStart = 0;
            while (elementStart <= n) {
                int elementEnd = HeaderTokens.unquotedIndexOf(s, ',', elementStart, n);
                if (elementEnd < 0) {
                    return false;
                }
                element(s, elementStart, elementEnd);
                elementStart = elementEnd + 1;
            }
            return true;
        }

        private void element(String s, int from, int to) {
            String proto = null;
            String elementHost = null;
            boolean repeated = false;
            int pairStart = from;
            while (pairStart <= to) {
                int pairEnd = HeaderTokens.unquotedIndexOf(s, ';', pairStart, to);
                if (pairEnd < 0) {
                    pairEnd = to;
                }
                int eq = HeaderTokens.indexOf(s, '=', pairStart, pairEnd);
                if (eq >= 0) {
                    int nameFrom = HeaderTokens.trimStart(s, pairStart, eq);
                    int nameTo = HeaderTokens.trimEnd(s, nameFrom, eq);
                    String value = value(s, eq + 1, pairEnd);
                    if (nameTo - nameFrom == 5 && s.regionMatches(true, nameFrom, "proto", 0, 5)) {
                        repeated |= proto != null;
                        proto = value == null ? "" : value;
                    } else if (nameTo - nameFrom == 4 && s.regionMatches(true, nameFrom, "host", 0, 4)) {
                        repeated |= elementHost != null;
                        elementHost = value == null ? "" : value;
                    }
                }
                pairStart = pairEnd + 1;
            }
            if (proto != null) {
                String scheme = repeated ? null : parseScheme(proto, 0, proto.length(), tls);
                protoCount++;
                if (scheme == null) {
                    protoValid = false;
                } else {
                    allHttps &= scheme.equals("https");
                }
            }
            if (elementHost != null) {
                host = repeated ? "" : elementHost;
            }
        }

        /** The value text, unquoted and trimmed; null if it uses a quoted-pair escape or a stray quote. */
        private static String value(String s, int from, int to) {
            int a = HeaderTokens.trimStart(s, from, to);
            int b = HeaderTokens.trimEnd(s, a, to);
            if (b - a >= 2 && s.charAt(a) == '"' && s.charAt(b - 1) == '"') {
                a++;
                b--;
            }
            for (int i = a; i < b; i++) {
                char c = s.charAt(i);
                if (c == '\\' || c == '"') {
                    return null;
                }
            }
            return s.substring(a, b);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForwardedTarget t && Objects.equals(scheme, t.scheme) && Objects.equals(host, t.host)
                && port == t.port;
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, host, port);
    }

    @Override
    public String toString() {
        return "ForwardedTarget[scheme=" + scheme + ", host=" + host + ", port=" + port + "]";
    }
}
