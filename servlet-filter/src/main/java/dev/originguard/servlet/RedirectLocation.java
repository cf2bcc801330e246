package dev.originguard.servlet;

/**
 * Turns the location a redirect names into the absolute URL a browser would reach from the restored origin.
 * Written here rather than with {@code java.net.URI}: URI refuses characters that containers accept in a
 * location (spaces, {@code |}, raw non-ASCII), and a redirect must never throw where the container would not.
 */
final class RedirectLocation {

    private RedirectLocation() {
    }

    /** Whether {@code location} starts with a URI scheme ({@code https:}, {@code mailto:}), RFC 3986 3.1. */
    static boolean hasScheme(String location) {
        for (int i = 0; i < location.length(); i++) {
            char c = location.charAt(i);
            if (c == ':') {
                return i > 0;
            }
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!letter && (i == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))) {
                return false;
            }
        }
        return false;
    }

    /**
     * {@code location} (no scheme) as an absolute URL from {@code scheme} and {@code origin}
     * ({@code https://shop.example}), resolved against {@code requestUri} as the container would: a network-path
     * reference ({@code //host/x}) gets only the scheme, a path is taken as is, anything else is relative to the
     * request's directory; dot segments are removed, never above the root.
     */
    static String absolute(String location, String scheme, String origin, String requestUri) {
        if (location.startsWith("//")) {
            return scheme + ":" + location;
        }
        String path;
        if (location.startsWith("/")) {
            path = location;
        } else if (location.isEmpty() || location.charAt(0) == '?' || location.charAt(0) == '#') {
            path = requestUri + location;
        } else {
            path = requestUri.substring(0, requestUri.lastIndexOf('/') + 1) + location;
        }
        return origin + withoutDotSegments(path);
    }

    /**
     * {@code written}, an absolute URL the container built from its own origin for {@code given} (no scheme),
     * with the restored origin instead: for a network-path {@code given} only the scheme changes.
     */
    static String withOrigin(String written, String given, String scheme, String origin) {
        int authority = written.indexOf("://");
        if (authority < 0) {
            return written;
        }
        if (given.startsWith("//")) {
            return scheme + written.substring(authority + 1);
        }
        int path = written.indexOf('/', authority + 3);
        return path < 0 ? origin : origin + written.substring(path);
    }

    // RFC 3986 5.2.4 on the path part only; the query and fragment are kept as they are.
    private static String withoutDotSegments(String pathAndMore) {
        int end = pathAndMore.length();
        for (int i = 0; i < pathAndMore.length(); i++) {
            char c = pathAndMore.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        String path = pathAndMore.substring(0, end);
        if (!path.contains("/.")) {
            return pathAndMore;
        }
        String[] segments = path.split("/", -1);
        StringBuilder out = new StringBuilder(path.length());
        int[] starts = new int[segments.length];
        int depth = 0;
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals(".") || segment.equals("..")) {
                if (segment.equals("..") && depth > 0) {
                    out.setLength(starts[--depth]);
                }
                if (last) {
                    out.append('/');
                }
                continue;
            }
            starts[depth++] = out.length();
            out.append('/').append(segment);
        }
        if (out.length() == 0) {
            out.append('/');
        }
        return out + pathAndMore.substring(end);
    }
}
