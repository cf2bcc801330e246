package dev.originguard.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduled refresh, driven through the injected scheduler and ticker without waiting, and once on the
 * default daemon thread with a short interval (the one path a text setting, at least 1 minute, cannot show
 * quickly).
 */
class ScheduledRefreshTest {

    static final String FIRST = "198.51.100.0/24\n";
    static final String SECOND = "198.51.100.0/24\n203.0.113.0/24\n";

    /** Keeps what was scheduled; runs a task only when the test says so. */
    static final class CapturingScheduler implements RefreshScheduler {
        record Task(FutureTask<Void> future, Duration delay) {
        }

        final List<Task> tasks = new ArrayList<>();

        @Override
        public synchronized Future<?> schedule(Runnable task, Duration delay) {
            FutureTask<Void> future = new FutureTask<>(task, null);
            tasks.add(new Task(future, delay));
            return future;
        }

        synchronized Task last() {
            return tasks.get(tasks.size() - 1);
        }

        /** Runs the last scheduled task, as its delay ending would. */
        void runLast() {
            last().future().run();
        }
    }

    @Test
    void theInjectedSchedulerRunsTheRefreshesAndTheTickerMeasuresTheAge(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ranges.txt");
        Files.writeString(file, FIRST);
        CapturingScheduler scheduler = new CapturingScheduler();
        AtomicLong nanos = new AtomicLong(1_000);
        Instant wallTime = Instant.parse("2026-01-02T03:04:05Z");
        RefreshSettings settings = RefreshSettings.builder().jitter(0).interval(Duration.ofMinutes(10))
                .initialBackoff(Duration.ofSeconds(7)).scheduler(scheduler).ticker(nanos::get)
                .clock(Clock.fixed(wallTime, ZoneOffset.UTC)).build();
        List<String> before = threadNames();
        LiveAddressSet live = LiveAddressSet.start("file:" + file, "trustedProxies", settings);
        try {
            List<String> started = new ArrayList<>(threadNames());
            started.removeAll(before);
            assertThat(started).as("no refresh thread of its own").isEmpty();
            assertThat(scheduler.tasks).hasSize(1);
            assertThat(scheduler.last().delay()).isEqualTo(Duration.ofMinutes(10));

            nanos.addAndGet(Duration.ofSeconds(42).toNanos());
            SourceStatus loaded = live.statuses().get(0);
            assertThat(loaded.age()).as("age from the ticker").isEqualTo(Duration.ofSeconds(42));
            assertThat(loaded.lastSuccess()).as("times shown from the clock").isEqualTo(wallTime);

            Files.writeString(file, SECOND);
            assertThat(live.get().contains("203.0.113.1")).as("nothing refreshes before the task runs").isFalse();
            scheduler.runLast();
            assertThat(live.get().contains("203.0.113.1")).as("the scheduled refresh swapped it in").isTrue();
            assertThat(live.statuses().get(0).age()).isEqualTo(Duration.ZERO);
            assertThat(scheduler.tasks).hasSize(2);
            assertThat(scheduler.last().delay()).isEqualTo(Duration.ofMinutes(10));

            Files.delete(file);
            scheduler.runLast();
            assertThat(live.get().contains("203.0.113.1")).as("the last good set stays").isTrue();
            assertThat(scheduler.last().delay()).as("a failure retries after the backoff")
                    .isEqualTo(Duration.ofSeconds(7));
        } finally {
            live.close();
        }
        assertThat(scheduler.last().future().isCancelled()).as("close() cancels the pending refresh").isTrue();
        assertThat(scheduler.tasks.stream().filter(t -> !t.future().isDone())).isEmpty();
    }

    @Test
    void theDefaultDaemonThreadRunsAShortIntervalSetInCode(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ranges.txt");
        Files.writeString(file, FIRST);
        RefreshSettings settings = RefreshSettings.builder().interval(Duration.ofMillis(50)).build();
        try (LiveAddressSet live = LiveAddressSet.start("file:" + file, "trustedProxies", settings)) {
            assertThat(threadNames()).anyMatch(name -> name.startsWith("originguard-refresh-"));
            Files.writeString(file, SECOND);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!live.get().contains("203.0.113.1")) {
                assertThat(System.nanoTime() - deadline).as("refreshed within 10 s").isNegative();
                Thread.sleep(10);
            }
        }
    }

    static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("originguard-")).sorted().toList();
    }
}
