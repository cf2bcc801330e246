package dev.originguard.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache directory that cannot be written shows in the source's status as {@code cacheError}, apart from the
 * fetch error: found at start-up, before a set is there to write, and again at refreshes that change nothing,
 * logged once per interval. (Tests run as root here, so "unwritable" is a path through a regular file, which
 * no permission lets anyone create.)
 */
class CacheWriteFailureTest {

    private static final String LIST = "198.51.100.0/24\n203.0.113.0/24\n";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private ListServer server;

    @BeforeEach
    void start() throws Exception {
        originalErr = System.err;
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        server = new ListServer();
        server.answer("/list", ListServer.Answer.ok("text/plain", LIST));
    }

    @AfterEach
    void stop() {
        System.setErr(originalErr);
        server.close();
    }

    private RefreshSettings settings(Path cacheDirectory) {
        return RefreshSettings.builder().cacheDirectory(cacheDirectory)
                .scheduler(new ScheduledRefreshTest.CapturingScheduler()).build();
    }

    private long warnings() {
        return logs.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("WARN")
                && l.contains("a cold start without network will not have this set")).count();
    }

    @Test
    void anUnwritableCacheDirectoryIsAnErrorOfItsOwnFromStartUpOnLoggedOncePerInterval() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        try (LiveAddressSet live = LiveAddressSet.start(server.url("/list"), "trustedProxies",
                settings(file.resolve("cache")))) {
            SourceStatus status = live.statuses().get(0);
            assertThat(status.healthy()).as("the fetch itself succeeded").isTrue();
            assertThat(status.lastError()).isNull();
            assertThat(status.cacheError()).contains(file.resolve("cache").toString());

            live.refreshNow();
            live.refreshNow();
            assertThat(live.statuses().get(0).cacheError()).as("unchanged refreshes still report it")
                    .startsWith("cannot write the cache file");
            assertThat(warnings()).as("one WARN per refresh interval (1 h), not one per attempt").isEqualTo(1);
        }
    }

    @Test
    void aDirectoryThatBecomesUnwritableShowsAtTheNextRefreshEvenWhenTheSetDidNotChange() throws Exception {
        Path cacheDir = dir.resolve("cache");
        try (LiveAddressSet live = LiveAddressSet.start(server.url("/list"), "trustedProxies", settings(cacheDir))) {
            assertThat(live.statuses().get(0).cacheError()).isNull();
            Path cached;
            try (var files = Files.list(cacheDir)) {
                cached = files.filter(p -> p.toString().endsWith(".txt")).findFirst().orElseThrow();
            }

            // The directory goes away and a file takes its place: the same list comes back from the source.
            Files.delete(cached);
            Files.delete(cacheDir);
            Files.writeString(cacheDir, "x");
            live.refreshNow();
            SourceStatus status = live.statuses().get(0);
            assertThat(status.healthy()).isTrue();
            assertThat(status.cacheError()).startsWith("cannot write the cache file " + cached);
            assertThat(warnings()).isEqualTo(1);

            Files.delete(cacheDir);
            live.refreshNow();
            assertThat(live.statuses().get(0).cacheError()).as("written again").isNull();
            assertThat(Files.readString(cached)).contains("198.51.100.0/24");
        }
    }
}
