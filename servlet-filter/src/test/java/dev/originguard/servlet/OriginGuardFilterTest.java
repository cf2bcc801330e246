package dev.originguard.servlet;

import dev.originguard.settings.LockOrigin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.originguard.ConfigurationException;
import dev.originguard.Resolution;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The filter's seams, with hand-made requests; the behaviour itself is proven in real containers. */
class OriginGuardFilterTest {

    private static FilterConfig config(Map<String, String> params) {
        FilterConfig config = mock(FilterConfig.class);
        when(config.getFilterName()).thenReturn("originGuard");
        when(config.getInitParameterNames()).thenAnswer(i -> Collections.enumeration(params.keySet()));
        when(config.getInitParameter(anyString())).thenAnswer(i -> params.get(i.<String>getArgument(0)));
        return config;
    }

    private static ServletException initFailure(Map<String, String> params) {
        OriginGuardFilter filter = new OriginGuardFilter();
        try {
            filter.init(config(params));
        } catch (ServletException e) {
            return e;
        }
        throw new AssertionError("init accepted " + params);
    }

    @Test
    void aBadEntryFailsInitNamingTheParameterTheEntryAndTheReason() {
        ServletException e = initFailure(Map.of("trustedProxies", "10.0.0.0/8 10.0.0.0/33"));

        assertThat(e).hasMessageStartingWith("OriginGuardFilter 'originGuard': init-param trustedProxies: '10.0.0.0/33' ")
                .hasMessageContaining("not an IP address, CIDR");
        assertThat(e.getCause()).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void everyMisconfigurationFailsInitWithTheParameterAndValue() {
        assertThat(initFailure(Map.of("lockOrigin", "yes"))).hasMessageContaining("lockOrigin: 'yes' is not one of");
        assertThat(initFailure(Map.of("maxHops", "many"))).hasMessageContaining("maxHops: 'many' is not a whole");
        assertThat(initFailure(Map.of("maxHops", "0"))).hasMessageContaining("maxHops: '0' is out of range");
        assertThat(initFailure(Map.of("maxHeaderLength", "1"))).hasMessageContaining("maxHeaderLength: '1'");
        assertThat(initFailure(Map.of("directAllow", "0.0.0.0/0"))).hasMessageContaining("directAllow: '0.0.0.0/0'");
        assertThat(initFailure(Map.of("rateLimitExempt", "host.example"))).hasMessageContaining("rateLimitExempt");
        assertThat(initFailure(Map.of("clientIpHeader", "X Bad"))).hasMessageContaining("clientIpHeader: 'X Bad'");
        assertThat(initFailure(Map.of("hostHeader", "Host:"))).hasMessageContaining("hostHeader: 'Host:'");
        assertThat(initFailure(Map.of("portHeader", "Forwarded"))).hasMessageContaining("portHeader: 'Forwarded'");
        assertThat(initFailure(Map.of("lockOriginExemptPaths", "health")))
                .hasMessageContaining("lockOriginExemptPaths: 'health'");
        assertThat(initFailure(Map.of("trustedProxy", "10.0.0.1")))
                .hasMessageContaining("trustedProxy: '10.0.0.1' is not a setting of OriginGuardFilter");
        assertThat(initFailure(Map.of("lockOrigin", "on")))
                .hasMessageContaining("lockOrigin: 'on' would refuse every request");
        assertThat(initFailure(Map.of("removeForwardingHeaders", "some")))
                .hasMessageContaining("removeForwardingHeaders: 'some' is not one of off, untrusted, all");
        assertThat(initFailure(Map.of("exemptTrustedProxies", "maybe")))
                .hasMessageContaining("exemptTrustedProxies: 'maybe' is not one of on, off, true, false");
        assertThat(initFailure(Map.of("rangeMaxGrowth", "-1")))
                .hasMessageContaining("rangeMaxGrowth: '-1' is not a fraction of 0 or more");
        assertThat(initFailure(Map.of("rangeMaxIpv4Addresses", "lots")))
                .hasMessageContaining("rangeMaxIpv4Addresses: 'lots' is not a positive whole number");
        assertThat(initFailure(Map.of("rangeMaxIpv6Slash64s", "0")))
                .hasMessageContaining("rangeMaxIpv6Slash64s: '0' is not a positive whole number");
    }

    @Test
    void rateLimitWithoutTheRateLimitModuleFailsInitNamingTheArtifact() {
        // This module's test class path has no originguard-ratelimit, as a filter user's without it.
        assertThat(OriginGuardFilterTest.class.getClassLoader().getResource(
                "META-INF/services/dev.originguard.servlet.RequestGate$Factory")).isNull();

        assertThat(initFailure(Map.of("trustedProxies", "10.0.0.1", "rateLimit", "100/1m")))
                .hasMessageStartingWith("OriginGuardFilter 'originGuard': init-param rateLimit: '100/1m' ")
                .hasMessageContaining("needs rate limiting on the class path")
                .hasMessageContaining("dev.originguard:originguard-ratelimit");
        assertThat(initFailure(Map.of("trustedProxies", "10.0.0.1", "rateLimit", "off",
                "rateLimitPaths", "/api/*=2/1h")))
                .hasMessageContaining("dev.originguard:originguard-ratelimit");
    }

    @Test
    void rangeAddressCapsAreInitParams() throws Exception {
        java.nio.file.Path list = java.nio.file.Files.createTempFile("originguard-three-slash8", ".txt");
        try {
            java.nio.file.Files.writeString(list, "10.0.0.0/8\n12.0.0.0/8\n14.0.0.0/8\n");
            assertThat(initFailure(Map.of("trustedProxies", "file:" + list)))
                    .hasMessageContaining("more than maxIpv4Addresses=33554432");
            OriginGuardFilter filter = new OriginGuardFilter();
            filter.init(config(Map.of("trustedProxies", "file:" + list, "rangeMaxIpv4Addresses", "60000000",
                    "rangeMaxGrowth", "2.5", "rangeMaxIpv6Slash64s", "1000")));
            filter.destroy();
        } finally {
            java.nio.file.Files.deleteIfExists(list);
        }
    }

    @Test
    void aTrustedProxysOwnRequestIsExemptUnlessExemptTrustedProxiesIsFalse() throws Exception {
        for (String exempt : new String[] {"true", "false"}) {
            OriginGuardFilter filter = new OriginGuardFilter();
            filter.init(config(Map.of("trustedProxies", "10.0.0.1", "exemptTrustedProxies", exempt)));
            HttpServletRequest request = request("10.0.0.1", Map.of());
            AtomicReference<Resolution> seen = new AtomicReference<>();
            filter.doFilter(request, mock(HttpServletResponse.class),
                    (req, res) -> seen.set(OriginGuardFilter.resolution(req)));
            assertThat(seen.get().rule()).isEqualTo(Resolution.Rule.PROXY);
            assertThat(seen.get().rateLimitExempt()).as("exemptTrustedProxies=" + exempt)
                    .isEqualTo(Boolean.parseBoolean(exempt));
        }
    }

    @Test
    void aBuiltFilterIgnoresInitParams() throws ServletException {
        OriginGuardFilter filter = OriginGuardFilter.builder().trustedProxies("10.0.0.1").build();
        filter.init(config(Map.of("lockOrigin", "nonsense")));
    }

    @Test
    void afterDestroyRequestsGet503UntilInitStartsTheSameFilterAgain() throws Exception {
        OriginGuardFilter filter = OriginGuardFilter.builder().trustedProxies("10.0.0.1").build();
        filter.destroy();
        filter.destroy(); // a DI container destroying it too changes nothing

        HttpServletResponse response = mock(HttpServletResponse.class);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        when(response.getOutputStream()).thenReturn(new jakarta.servlet.ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(jakarta.servlet.WriteListener listener) {
            }

            @Override
            public void write(int b) {
                body.write(b);
            }
        });
        FilterChain chain = mock(FilterChain.class);
        filter.doFilter(request("10.0.0.1", Map.of()), response, chain);
        verify(chain, never()).doFilter(any(), any());
        verify(response).setStatus(503);
        assertThat(body.toString(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("Service Unavailable\n");
        assertThatThrownBy(filter::status).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("destroyed");

        filter.init(config(Map.of()));
        AtomicReference<Resolution> seen = new AtomicReference<>();
        filter.doFilter(request("10.0.0.1", Map.of("X-Forwarded-For", List.of("198.51.100.7"))),
                mock(HttpServletResponse.class), (req, res) -> seen.set(OriginGuardFilter.resolution(req)));
        assertThat(seen.get().clientIp()).isEqualTo("198.51.100.7");
        assertThat(filter.status().sets().get(0).rangeCount()).isEqualTo(1);
        filter.destroy();
    }

    @Test
    void theBuilderRefusesWhatTheInitParamsRefuse() {
        assertThatThrownBy(() -> OriginGuardFilter.builder().trustedProxies("10.0.0.1, nope").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("trustedProxies: 'nope'");
        assertThatThrownBy(() -> OriginGuardFilter.builder().lockOrigin(LockOrigin.ON).build())
                .hasMessageContaining("lockOrigin: 'on'");
    }

    @Test
    void theMdcKeyIsSetForTheChainAndRemovedAfterItEvenWhenTheChainThrows() throws Exception {
        OriginGuardFilter filter = OriginGuardFilter.builder().trustedProxies("10.0.0.1").build();
        HttpServletRequest request = request("10.0.0.1", Map.of("X-Forwarded-For", List.of("198.51.100.7")));
        AtomicReference<String> during = new AtomicReference<>();
        FilterChain failing = (req, res) -> {
            during.set(MDC.get(OriginGuardFilter.MDC_CLIENT_IP));
            throw new IllegalStateException("application failure");
        };

        assertThatThrownBy(() -> filter.doFilter(request, mock(HttpServletResponse.class), failing))
                .hasMessage("application failure");
        assertThat(during.get()).isEqualTo("198.51.100.7");
        assertThat(MDC.get(OriginGuardFilter.MDC_CLIENT_IP)).isNull();
    }

    @Test
    void aNestedDispatchRestoresTheOuterMdcValueInsteadOfRemovingIt() throws Exception {
        OriginGuardFilter filter = OriginGuardFilter.builder().trustedProxies("10.0.0.1").build();
        HttpServletRequest request = request("10.0.0.1", Map.of("X-Forwarded-For", List.of("198.51.100.7")));
        HttpServletResponse response = mock(HttpServletResponse.class);
        AtomicReference<String> afterInner = new AtomicReference<>();
        List<ServletRequest> seen = new ArrayList<>();
        FilterChain inner = (req, res) -> seen.add(req);
        FilterChain outer = (req, res) -> {
            seen.add(req);
            filter.doFilter(req, res, inner); // a FORWARD of the wrapped request re-enters the filter
            afterInner.set(MDC.get(OriginGuardFilter.MDC_CLIENT_IP));
        };

        filter.doFilter(request, response, outer);

        assertThat(afterInner.get()).isEqualTo("198.51.100.7");
        assertThat(seen.get(1)).isSameAs(seen.get(0));
        assertThat(MDC.get(OriginGuardFilter.MDC_CLIENT_IP)).isNull();
    }

    @Test
    void tomcatsAccessLogAttributesAreSetOnlyForWhatTheFilterChanges() throws Exception {
        OriginGuardFilter filter = new OriginGuardFilter();
        filter.init(config(Map.of("trustedProxies", "10.0.0.1"))); // no server info: Tomcat's attributes are set
        HttpServletRequest request = request("10.0.0.1", Map.of("X-Forwarded-For", List.of("198.51.100.7")));

        filter.doFilter(request, mock(HttpServletResponse.class), (req, res) -> { });

        verify(request).setAttribute("org.apache.catalina.AccessLog.RemoteAddr", "198.51.100.7");
        verify(request).setAttribute("org.apache.catalina.AccessLog.RemoteHost", "198.51.100.7");
        // The protocol is the container's own, which the access log falls back to: one call and one entry less.
        verify(request, never()).setAttribute(eq("org.apache.catalina.AccessLog.Protocol"), any());
        verify(request, never()).getProtocol();
    }

    @Test
    void theResponseIsWrappedForRedirectsOnlyWhenTheProxyMayHaveReportedAnOrigin() throws Exception {
        OriginGuardFilter filter = new OriginGuardFilter();
        filter.init(config(Map.of("trustedProxies", "10.0.0.1"))); // Tomcat's attributes read the target early
        HttpServletResponse response = mock(HttpServletResponse.class);
        AtomicReference<ServletResponse> seen = new AtomicReference<>();

        filter.doFilter(request("10.0.0.1", Map.of("X-Forwarded-For", List.of("198.51.100.7"))), response,
                (req, res) -> seen.set(res));
        assertThat(seen.get()).isSameAs(response); // no scheme, host or port reported: nothing to correct

        filter.doFilter(request("10.0.0.1", Map.of("X-Forwarded-For", List.of("198.51.100.7"),
                "X-Forwarded-Proto", List.of("https"))), response, (req, res) -> seen.set(res));
        assertThat(seen.get()).isInstanceOf(ResolvedResponse.class);
    }

    @Test
    void reportModeServesTheDirectHitItWouldRefuse() throws Exception {
        OriginGuardFilter filter = OriginGuardFilter.builder().trustedProxies("10.0.0.1")
                .lockOrigin(LockOrigin.REPORT).build();
        HttpServletResponse response = mock(HttpServletResponse.class);
        FilterChain chain = mock(FilterChain.class);

        filter.doFilter(request("192.0.2.9", Map.of()), response, chain);

        verify(chain).doFilter(any(), any());
        verify(response, never()).setStatus(HttpServletResponse.SC_FORBIDDEN);
    }

    @Test
    void theForwardedHeaderSuppliesClientSchemeAndHostWhenItIsTheClientIpHeader() throws Exception {
        OriginGuardFilter filter = OriginGuardFilter.builder().trustedProxies("10.0.0.1")
                .clientIpHeader("Forwarded").build();
        HttpServletRequest request = request("10.0.0.1", Map.of("Forwarded",
                List.of("for=\"[2001:db8::7]:4711\";proto=https;host=shop.example")));
        AtomicReference<HttpServletRequest> seen = new AtomicReference<>();

        filter.doFilter(request, mock(HttpServletResponse.class), (req, res) -> seen.set((HttpServletRequest) req));

        assertThat(seen.get().getRemoteAddr()).isEqualTo("2001:db8::7");
        assertThat(seen.get().getScheme()).isEqualTo("https");
        assertThat(seen.get().getServerName()).isEqualTo("shop.example");
        assertThat(seen.get().getServerPort()).isEqualTo(443);
        Resolution resolution = OriginGuardFilter.resolution(seen.get());
        assertThat(resolution.rule()).isEqualTo(Resolution.Rule.FORWARDED);
    }

    @Test
    void noHeaderContentMakesTheFilterThrow() throws Exception {
        OriginGuardFilter filter = OriginGuardFilter.builder().trustedProxies("10.0.0.0/8, 2001:db8::/32")
                .lockOrigin(LockOrigin.ON).lockOriginExemptPaths("/health")
                .hostHeader("X-Forwarded-Host").portHeader("X-Forwarded-Port").build();
        String alphabet = "0123456789abcdefABCDEF:.,;=\"[]_- \t/\\@%\u0000\r\n\u00e9\uffffforprotohostunknownhttps";
        Random random = new Random(20240601);
        String[] names = {"X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port"};
        for (int i = 0; i < 3000; i++) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String name : names) {
                List<String> lines = new ArrayList<>();
                for (int l = random.nextInt(3); l > 0; l--) {
                    StringBuilder value = new StringBuilder();
                    for (int c = random.nextInt(i % 50 == 0 ? 10_000 : 60); c > 0; c--) {
                        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                    lines.add(value.toString());
                }
                headers.put(name, lines);
            }
            AtomicReference<HttpServletRequest> seen = new AtomicReference<>();
            filter.doFilter(request("10.0.0.1", headers), mock(HttpServletResponse.class),
                    (req, res) -> seen.set((HttpServletRequest) req));
            HttpServletRequest wrapped = seen.get();
            assertThat(wrapped.getRemoteAddr()).isNotBlank();
            assertThat(wrapped.getServerName()).doesNotContain(" ", "\r", "\n", "/", "@");
            assertThat(wrapped.getRequestURL().toString()).startsWith("http");
        }
    }

    /** A request from {@code peer} with the given header lines, keeping attributes like a container does. */
    private static HttpServletRequest request(String peer, Map<String, List<String>> headers) throws IOException {
        HttpServletRequest request = mock(HttpServletRequest.class);
        Map<String, List<String>> byName = new HashMap<>();
        headers.forEach((name, lines) -> byName.put(name.toLowerCase(Locale.ROOT), lines));
        Map<String, Object> attributes = new HashMap<>();
        when(request.getRemoteAddr()).thenReturn(peer);
        when(request.getRemotePort()).thenReturn(40000);
        when(request.getScheme()).thenReturn("http");
        when(request.getServerName()).thenReturn("origin.internal");
        when(request.getServerPort()).thenReturn(8080);
        when(request.getRequestURI()).thenReturn("/app");
        when(request.getRequestURL()).thenAnswer(i -> new StringBuffer("http://origin.internal:8080/app"));
        when(request.getServletPath()).thenReturn("/app");
        when(request.getMethod()).thenReturn("GET");
        when(request.getProtocol()).thenReturn("HTTP/1.1");
        when(request.getHeaders(anyString())).thenAnswer(i -> Collections.enumeration(
                byName.getOrDefault(i.<String>getArgument(0).toLowerCase(Locale.ROOT), List.of())));
        when(request.getAttribute(anyString())).thenAnswer(i -> attributes.get(i.<String>getArgument(0)));
        doAnswer(i -> attributes.put(i.getArgument(0), i.getArgument(1))).when(request)
                .setAttribute(anyString(), any());
        return request;
    }
}
