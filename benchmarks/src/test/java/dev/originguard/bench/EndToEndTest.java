package dev.originguard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading wrk's output and taking the median of the rounds, without running a load. */
class EndToEndTest {

    private static final String WRK = """
            Running 10s test @ http://127.0.0.1:40000/api/orders
              1 threads and 16 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency   180.34us  100.12us   5.01ms   95.00%
                Req/Sec    88.12k     3.01k   92.00k    80.00%
              Latency Distribution
                 50%  160.00us
                 75%  190.00us
                 90%  230.00us
                 99%    1.02ms
              877000 requests in 10.00s, 100.00MB read
            Requests/sec:  87700.00
            Transfer/sec:     10.00MB
            """;

    @Test
    void readsRequestsPerSecondAndTheNinetyNinthPercentileInMicroseconds() {
        EndToEnd.Load load = EndToEnd.parseWrk(WRK);
        assertThat(load.rate()).isEqualTo(87700.0);
        assertThat(load.p99Micros()).isEqualTo(1020.0);
        assertThat(EndToEnd.parseWrk(WRK.replace("1.02ms", "870.00us")).p99Micros()).isEqualTo(870.0);
    }

    @Test
    void outputWithoutTheLatencyDistributionIsRefused() {
        assertThatThrownBy(() -> EndToEnd.parseWrk(WRK.replace("99%    1.02ms", "")))
                .hasMessageContaining("99% latency");
    }

    @Test
    void theMedianOfThreeRoundsIgnoresOneOutlier() {
        assertThat(EndToEnd.median(List.of(0.99, 0.70, 0.985), Double::doubleValue)).isEqualTo(0.985);
        assertThat(EndToEnd.median(List.of(1.0, 3.0), Double::doubleValue)).isEqualTo(2.0);
    }

    @Test
    void roundsThatDisagreeByMoreThanTheTargetsMarginAreNoisy() {
        assertThat(EndToEnd.spread(List.of(1.039, 0.879, 0.897))).isGreaterThan(1 - EndToEnd.THROUGHPUT_TARGET);
        assertThat(EndToEnd.spread(List.of(0.985, 0.99, 0.992))).isLessThan(1 - EndToEnd.THROUGHPUT_TARGET);
    }
}
