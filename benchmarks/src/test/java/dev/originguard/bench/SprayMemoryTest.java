package dev.originguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link SprayMemory} runs and prints its figures, at a small size. Its heap figures are measurements for the
 * docs and depend on the JVM and the collector, so no test asserts them.
 */
class SprayMemoryTest {

    @Test
    void theSprayRunsStaysAtTheBoundAndPrintsItsFigures() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SprayMemory.spray(1_000, 20_000, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("bytes per tracked client").contains("(bound 1000)");
    }

    @Test
    void theCheckTimingRunsAndPrintsItsFigure() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SprayMemory.checkCost(1_000, 2, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("ns per request");
    }
}
