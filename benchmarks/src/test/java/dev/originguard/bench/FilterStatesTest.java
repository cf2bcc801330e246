package dev.originguard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark states configure each filter for the scenario; pending parts fail fast and say why. */
class FilterStatesTest {

    @Test
    void tomcatAndSpringRestoreTheScenarioClient() throws Exception {
        FilterBenchmark.Requests requests = new FilterBenchmark.Requests();
        requests.setUp();
        FilterBenchmark.Tomcat tomcat = new FilterBenchmark.Tomcat();
        tomcat.setUp(requests); // throws unless the app sees 192.0.2.44
        FilterBenchmark.Spring spring = new FilterBenchmark.Spring();
        spring.setUp(requests);
        assertThat(requests.handle(tomcat.filter)).isEqualTo(Scenario.CLIENT);
        assertThat(requests.handle(spring.filter)).isEqualTo(Scenario.CLIENT);
        assertThat(requests.handle(null)).isEqualTo(Scenario.PEER);
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
