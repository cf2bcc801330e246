package dev.originguard.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The paths inside the application that one request may be routed on. A servlet container routes on its
 * decoded, normalised servlet path plus path info; Spring MVC and other frameworks route on the raw request
 * URI, percent-decoded or not, with path parameters removed or not, with dot segments resolved or not. When
 * the raw URI is in normalised form all of these are the same string; otherwise they may differ, and
 * {@link #interpretations()} lists them all.
 *
 * <p>The raw URI (after the context path) is in normalised form when it is exactly the container's path and
 * holds only printable ASCII other than {@code %}, {@code ;}, {@code \}, with no empty segment and no
 * {@code .} or {@code ..} segment. Deciding that costs one scan and allocates nothing.
 *
 * <p>Internal to OriginGuard, not API: it may change or go without notice. Public only because the servlet
 * filter's lock and its rate limiter, in two modules, must use the same rule
 * ({@code dev.originguard.servlet.internal.ServletRequestPaths} reads it from a servlet request).
 */
public final class RequestPath {

    /** The most interpretations {@link #interpretations()} lists; a bound on work per request. */
    static final int MAX_INTERPRETATIONS = 32;

    private final String containerPath;
    private final String applicationUri; // the raw URI after the context path
    private final boolean normalised;

    private RequestPath(String containerPath, String applicationUri, boolean normalised) {
        this.containerPath = containerPath;
        this.applicationUri = applicationUri;
        this.normalised = normalised;
    }

    /**
     * The request's paths, from what the servlet API reports.
     *
     * @param requestUri  {@code getRequestURI()}: raw, not decoded; null is read as empty
     * @param contextPath {@code getContextPath()}; null is read as empty
     * @param servletPath {@code getServletPath()}: decoded and normalised by the container; null as empty
     * @param pathInfo    {@code getPathInfo()}: decoded and normalised by the container, or null
     */
    public static RequestPath of(String requestUri, String contextPath, String servletPath, String pathInfo) {
        String container = servletPath == null ? "" : servletPath;
        if (pathInfo != null) {
            container = container.isEmpty() ? pathInfo : container + pathInfo;
        }
        String uri = requestUri == null ? "" : requestUri;
        String context = contextPath == null ? "" : contextPath;
        if (!uri.startsWith(context)) {
            return new RequestPath(container, uri, false); // a context path the URI does not spell as given
        }
        return new RequestPath(container, uri.substring(context.length()),
                isNormalForm(uri, context.length(), container));
    }

    /**
     * The paths of a raw request path given as text (an {@code explain} question, not a live request): the
     * container's path is the raw path as a servlet container decodes and normalises it (path parameters
     * removed, percent-decoded once, runs of {@code /} merged, dot segments resolved).
     */
    public static RequestPath ofRaw(String rawPath) {
        String raw = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        String decoded = decode(withoutParameters(raw));
        String container = withoutDotSegments(mergedSlashes(decoded == null ? withoutParameters(raw) : decoded));
        return of(raw, "", container, null);
    }

    /** The path the container routes on: servlet path plus path info. */
    public String containerPath() {
        return containerPath;
    }

    /**
     * Whether the raw request URI after the context path is in normalised form, so that every container and
     * framework routes this request on the one path {@link #containerPath()}.
     */
    public boolean normalised() {
        return normalised;
    }

    /**
     * Every path the request may be routed on, the container's first, without repeats: only
     * {@link #containerPath()} when {@link #normalised()}; otherwise also the raw URI after the context path,
     * decoded once and twice, with path parameters removed, with {@code \} read as {@code /}, empty segments
     * merged, and dot segments resolved, in every combination. At most {@value #MAX_INTERPRETATIONS}.
     */
    public List<String> interpretations() {
        if (normalised) {
            return List.of(containerPath);
        }
        List<String> out = new ArrayList<>();
        add(out, containerPath);
        String raw = applicationUri;
        String once = decode(raw);
        String twice = once == null ? null : decode(once);
        for (String base : new String[] {raw, once, twice}) {
            if (base == null) {
                continue;
            }
            for (String params : new String[] {base, withoutParameters(base)}) {
                for (String slashes : new String[] {params, mergedSlashes(params.replace('\\', '/')),
                        mergedSlashes(params)}) {
                    add(out, slashes);
                    add(out, withoutDotSegments(slashes));
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return normalised ? containerPath : containerPath + " (raw " + applicationUri + ")";
    }

    private static void add(List<String> out, String path) {
        if (path != null && out.size() < MAX_INTERPRETATIONS && !out.contains(path)) {
            out.add(path);
        }
    }

    // One pass: the raw path after the context equals the container's path char for char, and every char is
    // one a normalised path may hold in raw form.
    private static boolean isNormalForm(String uri, int start, String container) {
        int n = uri.length() - start;
        if (n == 0 || n != container.length() || uri.charAt(start) != '/' || !uri.startsWith(container, start)) {
            return false;
        }
        int segmentStart = start + 1;
        for (int i = start + 1; i <= uri.length(); i++) {
            char c = i == uri.length() ? '/' : uri.charAt(i);
            if (c == '/') {
                int length = i - segmentStart;
                if (length == 0 && i < uri.length()) {
                    return false; // "//": an empty segment (a trailing "/" is its own path, not a second one)
                }
                if ((length == 1 || length == 2) && uri.charAt(segmentStart) == '.'
                        && (length == 1 || uri.charAt(segmentStart + 1) == '.')) {
                    return false; // "." or ".."
                }
                segmentStart = i + 1;
            } else if (c <= 0x20 || c >= 0x7f || c == '%' || c == ';' || c == '\\' || c == '?' || c == '#') {
                return false;
            }
        }
        return true;
    }

    /** Percent-decoded as UTF-8; null when the text holds a bad escape or is not UTF-8 once decoded. */
    static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    return null;
                }
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0 || text.charAt(i + 1) > 0x7f || text.charAt(i + 2) > 0x7f) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null; // overlong forms and other invalid UTF-8 among them
        }
    }

    /** Each segment without its path parameters: {@code /a;x=1/b;y} is {@code /a/b}. */
    static String withoutParameters(String path) {
        if (path.indexOf(';') < 0) {
            return path;
        }
        StringBuilder sb = new StringBuilder(path.length());
        boolean inParameters = false;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '/') {
                inParameters = false;
            } else if (c == ';') {
                inParameters = true;
            }
            if (!inParameters) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Runs of {@code /} as one. */
    static String mergedSlashes(String path) {
        if (!path.contains("//")) {
            return path;
        }
        StringBuilder sb = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '/' || sb.length() == 0 || sb.charAt(sb.length() - 1) != '/') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** RFC 3986 remove_dot_segments on a path; {@code ..} above the root stays at the root. */
    static String withoutDotSegments(String path) {
        if (!path.contains(".")) {
            return path;
        }
        List<String> kept = new ArrayList<>();
        String[] segments = path.split("/", -1);
        boolean trailingSlash = false;
        for (int i = path.startsWith("/") ? 1 : 0; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            if (s.equals(".")) {
                trailingSlash = last;
            } else if (s.equals("..")) {
                if (!kept.isEmpty()) {
                    kept.remove(kept.size() - 1);
                }
                trailingSlash = last;
            } else {
                kept.add(s);
                trailingSlash = false;
            }
        }
        StringBuilder sb = new StringBuilder(path.length());
        for (String s : kept) {
            sb.append('/').append(s);
        }
        if (trailingSlash || sb.length() == 0) {
            sb.append('/');
        }
        return sb.toString();
    }
}
