package dev.originguard.servlet;

import dev.originguard.settings.RemoveForwardingHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.OriginSecret;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What the application's header reads return on the request the filter hands on: the origin secret in every
 * mode, and the whole X-Forwarded family under {@code all}, through getHeader, getHeaders, getHeaderNames,
 * getIntHeader and getDateHeader. The request is a small fake that answers headers as a container does (names
 * case-insensitive, as sent), not a stub.
 */
class ResolvedRequestHeadersTest {

    private static final String SECRET = "s3cr3t-0f3c9a61-5b7e-4d2a-9c88";
    private static final String HEADER = "X-Origin-Verify";

    /** The request the application sees for a request from {@code peer} with these header lines. */
    private static HttpServletRequest seen(OriginGuardFilter filter, String peer, String... lines) throws Exception {
        HttpServletRequest request = FakeRequest.of(peer, lines);
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
                HttpServletResponse.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (p, m, a) -> {
                    throw new UnsupportedOperationException(m.getName());
                });
        AtomicReference<HttpServletRequest> app = new AtomicReference<>();
        filter.doFilter(request, response, (req, res) -> app.set((HttpServletRequest) req));
        assertThat(app.get()).as("the chain ran").isNotNull();
        return app.get();
    }

    private static OriginGuardFilter withSecret(RemoveForwardingHeaders mode) {
        return OriginGuardFilter.builder().trustedProxies("127.0.0.1").removeForwardingHeaders(mode)
                .originSecret(OriginSecret.of(HEADER, SECRET)).build();
    }

    private static void assertHidden(HttpServletRequest app, String name) {
        assertThat(app.getHeader(name)).as("getHeader(%s)", name).isNull();
        assertThat(Collections.list(app.getHeaders(name))).as("getHeaders(%s)", name).isEmpty();
        assertThat(app.getIntHeader(name)).as("getIntHeader(%s)", name).isEqualTo(-1);
        assertThat(app.getDateHeader(name)).as("getDateHeader(%s)", name).isEqualTo(-1);
        assertThat(Collections.list(app.getHeaderNames())).as("getHeaderNames()")
                .noneSatisfy(n -> assertThat(n.toLowerCase(Locale.ROOT).replace('_', '-'))
                        .isEqualTo(name.toLowerCase(Locale.ROOT).replace('_', '-')));
    }

    @Test
    void theVerifiedSecretIsHiddenWithDefaultSettingsInEverySpelling() throws Exception {
        for (RemoveForwardingHeaders mode : RemoveForwardingHeaders.values()) {
            for (String spelling : HiddenHeadersTest.spellings(HEADER)) {
                // A case variant is the header itself; an underscore variant is another header beside it.
                HttpServletRequest app = spelling.contains("_")
                        ? seen(withSecret(mode), "127.0.0.1", HEADER + ": " + SECRET, spelling + ": " + SECRET,
                                "X-Forwarded-For: 198.51.100.7")
                        : seen(withSecret(mode), "127.0.0.1", spelling + ": " + SECRET, "X-Forwarded-For: 198.51.100.7");
                assertThat(app.getRemoteAddr()).as("verified, so believed").isEqualTo("198.51.100.7");
                assertHidden(app, HEADER);
                assertHidden(app, spelling);
            }
        }
    }

    @Test
    void anUnverifiedSecretHeaderIsHiddenToo() throws Exception {
        for (RemoveForwardingHeaders mode : RemoveForwardingHeaders.values()) {
            HttpServletRequest fromProxy = seen(withSecret(mode), "127.0.0.1", HEADER + ": " + SECRET + "x");
            assertThat(fromProxy.getRemoteAddr()).isEqualTo("127.0.0.1");
            assertHidden(fromProxy, HEADER);
            HttpServletRequest direct = seen(withSecret(mode), "127.0.0.2", "x_origin_verify: " + SECRET);
            assertHidden(direct, HEADER);
            assertHidden(direct, "x_origin_verify");
        }
    }

    @Test
    void offShowsTheForwardingHeadersButNotTheSecret() throws Exception {
        HttpServletRequest app = seen(withSecret(RemoveForwardingHeaders.OFF), "127.0.0.1", HEADER + ": " + SECRET,
                "X-Forwarded-For: 198.51.100.7", "X-Forwarded-Prefix: /app", "User-Agent: probe/1");
        assertThat(app.getHeader("X-Forwarded-For")).isEqualTo("198.51.100.7");
        assertThat(app.getHeader("X-Forwarded-Prefix")).isEqualTo("/app");
        assertThat(app.getHeader("User-Agent")).isEqualTo("probe/1");
        assertThat(Collections.list(app.getHeaderNames())).containsExactly("X-Forwarded-For", "X-Forwarded-Prefix",
                "User-Agent");
    }

    @Test
    void allHidesEveryXForwardedHeaderInEverySpelling() throws Exception {
        OriginGuardFilter filter = OriginGuardFilter.builder().trustedProxies("127.0.0.1")
                .removeForwardingHeaders(RemoveForwardingHeaders.ALL).build();
        List<String> lines = new ArrayList<>();
        for (String name : HiddenHeadersTest.FORWARDED_FAMILY) {
            for (String spelling : HiddenHeadersTest.spellings(name)) {
                lines.add(spelling + ": 7");
            }
        }
        lines.add("User-Agent: probe/1");
        HttpServletRequest app = seen(filter, "127.0.0.1", lines.toArray(new String[0]));
        for (String name : HiddenHeadersTest.FORWARDED_FAMILY) {
            for (String spelling : HiddenHeadersTest.spellings(name)) {
                assertHidden(app, spelling);
            }
        }
        assertThat(Collections.list(app.getHeaderNames())).containsExactly("User-Agent");
    }

    @Test
    void untrustedHidesTheFamilyFromADirectClientOnly() throws Exception {
        OriginGuardFilter filter = OriginGuardFilter.builder().trustedProxies("127.0.0.1")
                .removeForwardingHeaders(RemoveForwardingHeaders.UNTRUSTED).build();
        HttpServletRequest direct = seen(filter, "127.0.0.2", "X-Forwarded-Prefix: /evil", "x_forwarded_ssl: on");
        assertHidden(direct, "X-Forwarded-Prefix");
        assertHidden(direct, "X-Forwarded-Ssl");
        HttpServletRequest viaProxy = seen(filter, "127.0.0.1", "X-Forwarded-Prefix: /app");
        assertThat(viaProxy.getHeader("x-forwarded-prefix")).isEqualTo("/app");
    }

    /** A request with a peer address, header lines as sent, attributes, and nothing else. */
    static final class FakeRequest {

        private FakeRequest() {
        }

        static HttpServletRequest of(String peer, String... lines) {
            Map<String, List<String>> headers = new LinkedHashMap<>(); // keyed by lower-case name
            Map<String, String> spelled = new LinkedHashMap<>(); // lower-case name -> first spelling
            for (String line : lines) {
                int colon = line.indexOf(':');
                String name = line.substring(0, colon);
                String key = name.toLowerCase(Locale.ROOT);
                spelled.putIfAbsent(key, name);
                headers.computeIfAbsent(key, k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
            }
            Map<String, Object> attributes = new HashMap<>();
            return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> {
                        switch (m.getName()) {
                            case "getRemoteAddr":
                                return peer;
                            case "getHeader": {
                                List<String> v = headers.get(((String) a[0]).toLowerCase(Locale.ROOT));
                                return v == null ? null : v.get(0);
                            }
                            case "getHeaders":
                                return Collections.enumeration(headers.getOrDefault(
                                        ((String) a[0]).toLowerCase(Locale.ROOT), List.of()));
                            case "getHeaderNames":
                                return Collections.enumeration(spelled.values());
                            case "getIntHeader": {
                                List<String> v = headers.get(((String) a[0]).toLowerCase(Locale.ROOT));
                                return v == null ? -1 : Integer.parseInt(v.get(0));
                            }
                            case "getDateHeader": {
                                List<String> v = headers.get(((String) a[0]).toLowerCase(Locale.ROOT));
                                return v == null ? -1L : 7L;
                            }
                            case "getAttribute":
                                return attributes.get((String) a[0]);
                            case "setAttribute":
                                attributes.put((String) a[0], a[1]);
                                return null;
                            case "getProtocol":
                                return "HTTP/1.1";
                            case "getMethod":
                                return "GET";
                            case "isWrapperFor":
                                return false;
                            case "toString":
                                return "FakeRequest(" + peer + ")";
                            case "hashCode":
                                return System.identityHashCode(p);
                            case "equals":
                                return p == a[0];
                            default:
                                throw new UnsupportedOperationException(m.getName());
                        }
                    });
        }
    }
}
