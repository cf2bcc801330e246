package dev.originguard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.catalina.filters.RemoteIpFilter;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The benchmark states configure each filter for the scenario; pending parts fail fast and say why. */
class FilterStatesTest {

    @Test
    void tomcatAndSpringRestoreTheScenarioClient() throws Exception {
        FilterBenchmark.Requests requests = new FilterBenchmark.Requests();
        requests.setUp();
        FilterBenchmark.Tomcat tomcat = new FilterBenchmark.Tomcat();
        tomcat.setUp(requests); // throws unless the app sees 192.0.2.44
        FilterBenchmark.TomcatCidr tomcatCidr = new FilterBenchmark.TomcatCidr();
        tomcatCidr.setUp(requests);
        FilterBenchmark.Spring spring = new FilterBenchmark.Spring();
        spring.setUp(requests);
        FilterBenchmark.Floor floor = new FilterBenchmark.Floor();
        floor.setUp(requests);
        assertThat(requests.handle(floor.filter)).isEqualTo(Scenario.CLIENT);
        assertThat(requests.handle(tomcat.filter)).isEqualTo(Scenario.CLIENT);
        assertThat(requests.handle(tomcatCidr.filter)).isEqualTo(Scenario.CLIENT);
        assertThat(requests.handle(spring.filter)).isEqualTo(Scenario.CLIENT);
        assertThat(requests.handle(null)).isEqualTo(Scenario.PEER);
    }

    /**
     * Tomcat 11.0.x (the version in the root pom) reads a value with a {@code /} as CIDR blocks: the comparison's
     * second Tomcat form exists, and believes the header only from the listed blocks.
     */
    @Test
    @SuppressWarnings("deprecation") // the Pattern getters are the only view of which form Tomcat chose
    void tomcatOfThePomHasACidrFormThatTrustsOnlyTheListedBlocks() throws Exception {
        FilterBenchmark.Requests requests = new FilterBenchmark.Requests();
        requests.setUp();
        FilterBenchmark.TomcatCidr cidr = new FilterBenchmark.TomcatCidr();
        cidr.setUp(requests); // throws unless the app sees 192.0.2.44 and the lists were read as CIDR
        RemoteIpFilter filter = (RemoteIpFilter) cidr.filter;
        assertThat(filter.getInternalProxies()).isNull();
        assertThat(filter.getTrustedProxies()).isNull();
        assertThat(filter.getInternalProxiesAsString()).isEqualTo("10.0.0.0/8");
        assertThat(requests.handle(cidr.filter)).isEqualTo(Scenario.CLIENT);

        // A peer outside 10.0.0.0/8 is not an internal proxy: its header is ignored.
        MockHttpServletRequest stranger = new MockHttpServletRequest("GET", Scenario.PATH);
        stranger.setRemoteAddr("11.0.0.7");
        stranger.addHeader("X-Forwarded-For", Scenario.X_FORWARDED_FOR);
        String[] seen = new String[1];
        cidr.filter.doFilter(stranger, new MockHttpServletResponse(), (req, res) -> seen[0] = req.getRemoteAddr());
        assertThat(seen[0]).isEqualTo("11.0.0.7");

        // The hop 198.51.100.9 is trusted only through the CIDR list: without it the walk stops there.
        MockHttpServletRequest untrustedHop = new MockHttpServletRequest("GET", Scenario.PATH);
        untrustedHop.setRemoteAddr(Scenario.PEER);
        untrustedHop.addHeader("X-Forwarded-For", "192.0.2.44, 198.18.0.9, 203.0.113.5");
        cidr.filter.doFilter(untrustedHop, new MockHttpServletResponse(),
                (req, res) -> seen[0] = req.getRemoteAddr());
        assertThat(seen[0]).isEqualTo("198.18.0.9");
    }

    @Test
    void originGuardStateRunsWhenMergedAndOtherwiseNamesTheMissingClass() throws Exception {
        FilterBenchmark.Requests requests = new FilterBenchmark.Requests();
        requests.setUp();
        FilterBenchmark.OriginGuard state = new FilterBenchmark.OriginGuard();
        if (OriginGuardFilters.available()) {
            state.setUp(requests);
            assertThat(requests.handle(state.filter)).isEqualTo(Scenario.CLIENT);
            state.tearDown();
        } else {
            assertThatThrownBy(() -> state.setUp(requests))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("dev.originguard.servlet.OriginGuardFilter is not on the benchmark classpath");
        }
    }

    @Test
    void filterPairsRunsEveryFilterOverTheScenario() throws Exception {
        if (OriginGuardFilters.available()) {
            FilterPairs.main(new String[] {"4", "10"}); // throws unless the last filter restored the client
        }
    }

    @Test
    void limiterContractRunsWhenMergedAndOtherwiseNamesTheMissingClasses() throws Exception {
        Map<String, String> params = Map.of("rateLimit", LimiterBenchmark.RATE, "rateLimitStore", "local");
        if (RateLimiterContract.available()) {
            LimiterBenchmark.Direct direct = new LimiterBenchmark.Direct();
            direct.setUp();
            assertThat(direct.limiter.check().check(direct.resolutions[0], Scenario.PATH)).isNotNull();
            direct.tearDown();
        } else {
            assertThatThrownBy(() -> RateLimiterContract.create(params))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("dev.originguard.ratelimit.bucket4j.ClientRateLimiter");
        }
    }
}
