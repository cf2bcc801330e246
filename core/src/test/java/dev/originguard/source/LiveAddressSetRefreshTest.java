package dev.originguard.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.originguard.AddressSet;
import dev.originguard.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refresh against a real local HTTP server: one test per fault. Each fault test ends with the last good set
 * still in force and the error visible in the status. Refreshes are driven with refreshNow(); the
 * scheduled interval (1 hour) never fires during a test.
 */
class LiveAddressSetRefreshTest {

    static final String GOOD = "198.51.100.0/24\n203.0.113.0/24\n192.0.2.0/24\n2001:db8::/32\n";
    static final String GOOD_CHANGED = "198.51.100.0/24\n203.0.113.0/24\n192.0.2.0/24\n100.64.0.0/24\n";
    static final String CLOUDFLARE_JSON = "{\"result\":{\"ipv4_cidrs\":[\"173.245.48.0/20\",\"103.21.244.0/22\"],"
            + "\"ipv6_cidrs\":[\"2400:cb00::/32\"],\"etag\":\"x\"},\"success\":true,\"errors\":[],\"messages\":[]}";

    ListServer server;

    RefreshSettings.Builder settings() {
        return RefreshSettings.builder()
                .interval(Duration.ofHours(1))
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofMillis(700))
                .maxBodyBytes(64 * 1024);
    }

    @BeforeEach
    void startServer() throws Exception {
        server = new ListServer();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    LiveAddressSet startText(String body) {
        server.answer("/list", ListServer.Answer.ok("text/plain; charset=utf-8", body));
        return LiveAddressSet.start("10.0.0.1, " + server.url("/list"), "trustedProxies", settings().build());
    }

    static void assertLastGoodKept(LiveAddressSet live, AddressSet before, String error) {
        assertThat(live.get()).isEqualTo(before);
        SourceStatus status = live.statuses().get(0);
        assertThat(status.lastError()).contains(error);
        assertThat(status.consecutiveFailures()).isEqualTo(1);
        assertThat(status.entryCount()).isEqualTo(before.cidrs().size() - 1); // minus the inline 10.0.0.1
        assertThat(status.healthy()).isFalse();
        assertThat(status.lastAttempt()).isAfterOrEqualTo(status.lastSuccess());
    }

    @Test
    void goodListLoadsAndAChangeIsSwappedIn() {
        try (LiveAddressSet live = startText(GOOD)) {
            assertThat(live.isStatic()).isFalse();
            assertThat(live.get().contains("10.0.0.1")).isTrue();
            assertThat(live.get().contains("2001:db8::5")).isTrue();
            server.answer("/list", ListServer.Answer.ok("text/plain", GOOD_CHANGED));
            live.refreshNow();
            assertThat(live.get().contains("2001:db8::5")).isFalse();
            assertThat(live.get().contains("100.64.0.9")).isTrue();
            SourceStatus status = live.statuses().get(0);
            assertThat(status.healthy()).isTrue();
            assertThat(status.entryCount()).isEqualTo(4);
            assertThat(status.location()).isEqualTo(server.url("/list"));
            assertThat(status.age()).isNotNull();
        }
    }

    @Test
    void notModifiedKeepsTheSetAndCountsAsSuccess() {
        server.answer("/list", ListServer.Answer.ok("text/plain", GOOD).withHeader("ETag", "\"v1\""));
        try (LiveAddressSet live = LiveAddressSet.start(server.url("/list"), "trustedProxies", settings().build())) {
            AddressSet before = live.get();
            live.refreshNow();
            assertThat(server.lastIfNoneMatch).isEqualTo("\"v1\"");
            assertThat(live.get()).isSameAs(before);
            assertThat(live.statuses().get(0).healthy()).isTrue();
            assertThat(server.requests.get()).isEqualTo(2);
        }
    }

    @Test
    void serverErrorKeepsLastGood() {
        try (LiveAddressSet live = startText(GOOD)) {
            AddressSet before = live.get();
            server.answer("/list", ListServer.Answer.status(500));
            live.refreshNow();
            assertLastGoodKept(live, before, "HTTP 500");
        }
    }

    @Test
    void slowBodyPastTheTimeoutKeepsLastGood() {
        try (LiveAddressSet live = startText(GOOD)) {
            AddressSet before = live.get();
            server.answer("/list", ListServer.Answer.ok("text/plain", GOOD_CHANGED).stalling(5_000));
            long start = System.nanoTime();
            live.refreshNow();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertLastGoodKept(live, before, "no complete response within");
        }
    }

    @Test
    void htmlChallengePageWith200KeepsLastGood() {
        server.answer("/cf", ListServer.Answer.ok("application/json", CLOUDFLARE_JSON));
        try (LiveAddressSet live = LiveAddressSet.start("10.0.0.1 cloudflare@" + server.url("/cf"), "trustedProxies",
                settings().build())) {
            AddressSet before = live.get();
            assertThat(before.contains("173.245.48.1")).isTrue();
            server.answer("/cf", ListServer.Answer.ok("text/html; charset=UTF-8",
                    "<!DOCTYPE html><html><title>Just a moment...</title></html>"));
            live.refreshNow();
            assertLastGoodKept(live, before, "content type 'text/html; charset=UTF-8'");
        }
    }

    @Test
    void truncatedJsonKeepsLastGood() {
        server.answer("/cf", ListServer.Answer.ok("application/json", CLOUDFLARE_JSON));
        try (LiveAddressSet live = LiveAddressSet.start("10.0.0.1, cloudflare@" + server.url("/cf"), "trustedProxies",
                settings().build())) {
            AddressSet before = live.get();
            server.answer("/cf", ListServer.Answer.ok("application/json", CLOUDFLARE_JSON.substring(0, 70)));
            live.refreshNow();
            assertLastGoodKept(live, before, "malformed JSON");
            assertThat(live.statuses().get(0).lastError()).contains("truncated");
        }
    }

    @Test
    void providerTextInARefusalCannotForgeLogLines() {
        server.answer("/cf", ListServer.Answer.ok("application/json", CLOUDFLARE_JSON));
        try (LiveAddressSet live = LiveAddressSet.start("10.0.0.1, cloudflare@" + server.url("/cf"),
                "trustedProxies", settings().build())) {
            AddressSet before = live.get();
            // A JSON escape puts a line break, a fake log line and a terminal escape into the refusal message.
            server.answer("/cf", ListServer.Answer.ok("application/json", "{\"success\":false,\"errors\":"
                    + "[\"x\\r\\n12:00:00 INFO all sources healthy\\u001b[2J\"],\"result\":{}}"));
            live.refreshNow();
            String error = live.statuses().get(0).lastError();
            assertThat(live.get()).isEqualTo(before);
            assertThat(error).doesNotContain("\r").doesNotContain("\n").doesNotContain("\u001b")
                    .contains("\\r\\n12:00:00 INFO all sources healthy\\u001b[2J");
        }
    }

    @Test
    void emptyListKeepsLastGood() {
        try (LiveAddressSet live = startText(GOOD)) {
            AddressSet before = live.get();
            server.answer("/list", ListServer.Answer.ok("text/plain", "# maintenance\n\n"));
            live.refreshNow();
            assertLastGoodKept(live, before, "the list is empty");
        }
    }

    @Test
    void defaultRoutePayloadKeepsLastGood() throws Exception {
        String poisoned = Files.readString(ProviderFormatsTest.fixture("edgeone-api-ips-deprecated-response.txt"));
        try (LiveAddressSet live = startText(GOOD)) {
            AddressSet before = live.get();
            server.answer("/list", ListServer.Answer.ok("text/plain", poisoned));
            live.refreshNow();
            assertLastGoodKept(live, before, server.url("/list") + " line 3: '0.0.0.0/0' covers every address");
            assertThat(live.get().contains("8.8.8.8")).isFalse();
        }
    }

    @Test
    void oversizedBodyKeepsLastGood() {
        try (LiveAddressSet live = startText(GOOD)) {
            AddressSet before = live.get();
            server.answer("/list", ListServer.Answer.ok("text/plain", GOOD + "#".repeat(100_000)));
            live.refreshNow();
            assertLastGoodKept(live, before, "more than maxBodyBytes=65536");
        }
    }

    @Test
    void dropOfNinetyPercentKeepsLastGoodUnlessAllowed() {
        String twenty = IntStream.range(0, 20).mapToObj(i -> "10.1." + (2 * i) + ".0/24")
                .collect(Collectors.joining("\n"));
        try (LiveAddressSet live = startText(twenty)) {
            AddressSet before = live.get();
            server.answer("/list", ListServer.Answer.ok("text/plain", "10.1.0.0/24\n10.1.2.0/24\n"));
            live.refreshNow();
            assertLastGoodKept(live, before, "dropped 18 of the previous 20 CIDR blocks (90%");
        }
        server.answer("/list", ListServer.Answer.ok("text/plain", twenty));
        try (LiveAddressSet live = LiveAddressSet.start(server.url("/list"), "trustedProxies",
                settings().maxDropFraction(1.0).build())) {
            server.answer("/list", ListServer.Answer.ok("text/plain", "10.1.0.0/24\n10.1.2.0/24\n"));
            live.refreshNow();
            assertThat(live.get().cidrs()).containsExactly("10.1.0.0/24", "10.1.2.0/24");
        }
    }

    @Test
    void replacingNineOfTenBlocksWithNineOthersIsADropThoughTheCountStays() {
        String ten = IntStream.range(0, 10).mapToObj(i -> "10.1." + (2 * i) + ".0/24")
                .collect(Collectors.joining("\n"));
        // Same block count, 9 of the previous blocks gone: a count comparison would accept it.
        String replaced = "10.1.0.0/24\n" + IntStream.range(0, 9).mapToObj(i -> "10.9." + (2 * i) + ".0/24")
                .collect(Collectors.joining("\n"));
        try (LiveAddressSet live = startText(ten)) {
            AddressSet before = live.get();
            server.answer("/list", ListServer.Answer.ok("text/plain", replaced));
            live.refreshNow();
            assertLastGoodKept(live, before, "dropped 9 of the previous 10 CIDR blocks (90%");
        }
    }

    @Test
    void redirectToPlainHttpIsRefused() {
        try (LiveAddressSet live = startText(GOOD)) {
            AddressSet before = live.get();
            server.answer("/list", ListServer.Answer.status(302).withHeader("Location", server.url("/other")));
            server.answer("/other", ListServer.Answer.ok("text/plain", GOOD_CHANGED));
            live.refreshNow();
            assertLastGoodKept(live, before, "redirects are followed only to https://");
        }
    }

    @Test
    void coldStartFromTheCacheFileWhenTheSourceIsUnreachable(@TempDir Path cacheDir) throws Exception {
        RefreshSettings cached = settings().cacheDirectory(cacheDir).build();
        String setting = server.url("/list");
        server.answer("/list", ListServer.Answer.ok("text/plain", GOOD));
        AddressSet first;
        try (LiveAddressSet live = LiveAddressSet.start(setting, "trustedProxies", cached)) {
            first = live.get();
        }
        try (var files = Files.list(cacheDir)) {
            List<Path> written = files.toList();
            assertThat(written).hasSize(1);
            assertThat(Files.readString(written.get(0))).contains("198.51.100.0/24\n").startsWith("# OriginGuard cache");
        }
        server.answer("/list", ListServer.Answer.status(503));
        try (LiveAddressSet live = LiveAddressSet.start(setting, "trustedProxies", cached)) {
            assertThat(live.get()).isEqualTo(first);
            SourceStatus status = live.statuses().get(0);
            assertThat(status.fromCache()).isTrue();
            assertThat(status.lastError()).contains("HTTP 503");
            assertThat(status.lastSuccess()).isNull();
            assertThat(status.entryCount()).isEqualTo(4);
            // The next good fetch replaces the cached set and clears the flag.
            server.answer("/list", ListServer.Answer.ok("text/plain", GOOD_CHANGED));
            live.refreshNow();
            assertThat(live.statuses().get(0).healthy()).isTrue();
            assertThat(live.get().contains("100.64.0.1")).isTrue();
        }
        // FAIL ignores the cache; without a cache the default policy fails start-up naming setting and source.
        server.answer("/list", ListServer.Answer.status(503));
        assertThatThrownBy(() -> LiveAddressSet.start(setting, "trustedProxies",
                settings().cacheDirectory(cacheDir).startupPolicy(StartupPolicy.FAIL).build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("trustedProxies: '" + setting + "' could not be loaded at start-up")
                .hasMessageContaining("HTTP 503");
        assertThatThrownBy(() -> LiveAddressSet.start(setting, "trustedProxies", settings().build()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("CACHE_ELSE_FAIL");
        try (LiveAddressSet live = LiveAddressSet.start("10.0.0.1 " + setting, "trustedProxies",
                settings().startupPolicy(StartupPolicy.CACHE_ELSE_EMPTY).build())) {
            assertThat(live.get().cidrs()).containsExactly("10.0.0.1/32");
            assertThat(live.statuses().get(0).lastError()).contains("HTTP 503");
        }
    }

    @Test
    void requestsRunningDuringSwapsNeverSeeAPartialSet() throws Exception {
        String a = "198.51.100.0/24\n203.0.113.0/24\n";
        String b = "192.0.2.0/24\n100.64.0.0/24\n";
        server.answer("/list", ListServer.Answer.ok("text/plain", a));
        try (LiveAddressSet live = LiveAddressSet.start(server.url("/list"), "trustedProxies", settings().build())) {
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger mixed = new AtomicInteger();
            AtomicInteger reads = new AtomicInteger();
            Runnable reader = () -> {
                while (!done.get()) {
                    AddressSet set = live.get(); // once per "request"
                    boolean a1 = set.contains("198.51.100.1");
                    boolean a2 = set.contains("203.0.113.1");
                    boolean b1 = set.contains("192.0.2.1");
                    boolean b2 = set.contains("100.64.0.1");
                    if (a1 != a2 || b1 != b2 || a1 == b1) {
                        mixed.incrementAndGet();
                    }
                    reads.incrementAndGet();
                }
            };
            Thread r1 = new Thread(reader);
            Thread r2 = new Thread(reader);
            r1.start();
            r2.start();
            for (int i = 0; i < 60; i++) {
                server.answer("/list", ListServer.Answer.ok("text/plain", i % 2 == 0 ? b : a));
                live.refreshNow();
            }
            done.set(true);
            r1.join();
            r2.join();
            assertThat(mixed.get()).isZero();
            assertThat(reads.get()).isPositive();
            assertThat(live.statuses().get(0).lastError()).isNull();
        }
    }

    @Test
    void noThreadOutlivesClose() {
        server.answer("/list", ListServer.Answer.ok("text/plain", GOOD));
        LiveAddressSet live = LiveAddressSet.start(server.url("/list"), "trustedProxies", settings().build());
        assertThat(originGuardThreads()).anyMatch(t -> t.getName().startsWith("originguard-refresh-") && t.isDaemon());
        live.close();
        assertThat(originGuardThreads()).isEmpty();
        assertThat(live.get().contains("198.51.100.1")).isTrue(); // the last set stays readable
        live.close(); // idempotent
    }

    static List<Thread> originGuardThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("originguard-")).toList();
    }
}
