package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.settings.LockOrigin;
import dev.originguard.source.LiveAddressSet;
import dev.originguard.source.RefreshSettings;
import dev.originguard.source.SourceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The done-criterion of "Trusted ranges from the proxy providers": embedded Tomcat whose filter, configured
 * through init-params as a web.xml declares it, trusts Cloudflare + CloudFront origin-facing + a load
 * balancer, with the two provider lists served over HTTP on loopback from the real snapshots, refreshed and
 * cached, then proved over real HTTP from five loopback peers.
 *
 * <p>Loopback addresses stand in for the providers' edges, which a test cannot bind: the served lists are
 * the real ones plus {@value #CLOUDFLARE_EDGE}/32 (Cloudflare) and {@value #CLOUDFRONT_EDGE}/32 (CloudFront
 * origin-facing); {@value #LOAD_BALANCER} is the load balancer written inline.
 *
 * <p>The filter does not expose its live sets, so no public call refreshes a running filter. The refresh is
 * therefore proved twice: at the {@link LiveAddressSet} level with {@link LiveAddressSet#refreshNow()}, and
 * over HTTP through the filter's own scheduled refresh. The init-param filter ({@code rangeRefreshInterval}
 * is at least 1 minute) shows that it starts its refresh thread; the scheduled refresh itself runs in a
 * filter built in code, the same setting on a second Tomcat, whose {@link RefreshSettings} take a
 * {@link ManualScheduler} that the test advances through the minute instead of waiting it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProviderRangesContainerTest {

    static final String LOAD_BALANCER = "127.0.0.1";
    static final String CLOUDFLARE_EDGE = "127.0.0.2";
    static final String CLOUDFRONT_EDGE = "127.0.0.4";
    static final String STRANGER = "127.0.0.5";
    static final String NEW_CLOUDFLARE_EDGE = "127.0.0.6";

    private static final String CLOUDFLARE_PATH = "/client/v4/ips";
    private static final String AWS_PATH = "/ip-ranges.json";
    private static final String JSON = "application/json";

    private Path cacheDirectory;
    private final RangeListServer lists;
    private final RangeListServer codedLists;
    private final ManualScheduler scheduler = new ManualScheduler();
    private FilterContainer coded;
    private LogCapture logs;
    private Set<Thread> threadsBefore;
    private FilterContainer tomcat;

    ProviderRangesContainerTest() throws Exception {
        lists = new RangeListServer();
        codedLists = new RangeListServer();
    }

    private String trustedProxies(RangeListServer server) {
        return "cloudflare@" + server.url(CLOUDFLARE_PATH) + " aws-cloudfront@" + server.url(AWS_PATH) + " "
                + LOAD_BALANCER;
    }

    @BeforeAll
    void startTomcat(@TempDir Path root) throws Exception {
        cacheDirectory = root.resolve("init-params");
        for (RangeListServer server : List.of(lists, codedLists)) {
            server.serve(CLOUDFLARE_PATH, JSON, RangeListServer.cloudflareWith(CLOUDFLARE_EDGE + "/32"));
            server.serve(AWS_PATH, JSON, RangeListServer.awsWithOriginFacing(CLOUDFRONT_EDGE + "/32"));
        }
        threadsBefore = RefreshThreads.alive();
        logs = LogCapture.start();
        tomcat = FilterContainer.tomcat(Map.of(
                "trustedProxies", trustedProxies(lists),
                "lockOrigin", "on",
                "rangeRefreshInterval", "1m",
                "rangeCacheDirectory", cacheDirectory.toString()));
        assertThat(tomcat.available()).as("the filter started").isTrue();

        // The same setting, its own lists and cache, in a filter built in code whose refreshes the test drives.
        coded = FilterContainer.tomcat(OriginGuardFilter.builder()
                .trustedProxies(trustedProxies(codedLists))
                .lockOrigin(LockOrigin.ON)
                .rangeRefresh(RefreshSettings.builder().interval(Duration.ofMinutes(1))
                        .cacheDirectory(root.resolve("coded")).scheduler(scheduler).ticker(scheduler::nanos).build())
                .build());
        assertThat(coded.available()).as("the filter built in code started").isTrue();
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (tomcat != null) {
            tomcat.close();
        }
        if (coded != null) {
            coded.close();
        }
        lists.close();
        codedLists.close();
        logs.close();
    }

    private void assertRestored(String peer) throws Exception {
        assertRestored(tomcat, peer);
    }

    private void assertRefused(String peer) throws Exception {
        assertRefused(tomcat, peer);
    }

    private static void assertRestored(FilterContainer container, String peer) throws Exception {
        RawHttp.Response response = RawHttp.get(peer, container.port(), "/probe", "X-Forwarded-For: 198.51.100.7");
        assertThat(response.status()).as("status for peer %s", peer).isEqualTo(200);
        assertThat(response.probe()).as("peer %s", peer)
                .containsEntry("remoteAddr", "198.51.100.7")
                .containsEntry("rule", "FORWARDED");
    }

    private static void assertRefused(FilterContainer container, String peer) throws Exception {
        RawHttp.Response response = RawHttp.get(peer, container.port(), "/probe", "X-Forwarded-For: 198.51.100.7");
        assertThat(response.status()).as("status for peer %s", peer).isEqualTo(403);
        assertThat(response.body()).isEqualTo("Forbidden\n");
    }

    @Test
    @Order(1)
    void startUpLogsEachSourceAsAnAuditLineAndCachesIt() throws Exception {
        // 15 + 7 Cloudflare blocks plus the stand-in edge; 49 distinct CloudFront origin-facing blocks plus the stand-in.
        assertThat(logs.lines())
                .anySatisfy(line -> assertThat(line).contains("trustedProxies: source 'cloudflare@"
                        + lists.url(CLOUDFLARE_PATH) + "'").contains("loaded: 23 CIDR blocks now"))
                .anySatisfy(line -> assertThat(line).contains("trustedProxies: source 'aws-cloudfront@"
                        + lists.url(AWS_PATH) + "'").contains("loaded: 50 CIDR blocks now"))
                .anySatisfy(line -> assertThat(line).contains("OriginGuardFilter 'originGuard':")
                        .contains("trusted proxy ranges").contains("lockOrigin=on"));
        try (var files = Files.list(cacheDirectory)) {
            assertThat(files.toList()).as("one cache file per URL source").hasSize(2);
        }
        assertThat(RefreshThreads.alive()).as("a refresh thread per live set, and a fetch thread")
                .anyMatch(t -> t.getName().startsWith("originguard-refresh-"));
    }

    @Test
    @Order(2)
    void everyTrustedSourceIsRestoredAndAStrangerIsRefused() throws Exception {
        assertRestored(LOAD_BALANCER);
        assertRestored(CLOUDFLARE_EDGE);
        assertRestored(CLOUDFRONT_EDGE);
        assertRefused(STRANGER);
        assertRefused(NEW_CLOUDFLARE_EDGE);
    }

    @Test
    @Order(3)
    void refreshNowSwapsInTheChangedListAndKeepsTheOthers() throws Exception {
        // The same setting text against a server of its own, so the running filter's lists stay untouched.
        try (RangeListServer own = new RangeListServer()) {
            own.serve(CLOUDFLARE_PATH, JSON, RangeListServer.cloudflareWith(CLOUDFLARE_EDGE + "/32"));
            own.serve(AWS_PATH, JSON, RangeListServer.awsWithOriginFacing(CLOUDFRONT_EDGE + "/32"));
            Set<Thread> before = RefreshThreads.alive();
            LiveAddressSet live = LiveAddressSet.start(trustedProxies(own), "trustedProxies",
                    RefreshSettings.builder().interval(Duration.ofMinutes(1)).build());
            try {
                assertThat(live.get().contains(CLOUDFLARE_EDGE)).isTrue();
                assertThat(live.get().contains(NEW_CLOUDFLARE_EDGE)).isFalse();

                own.serve(CLOUDFLARE_PATH, JSON, RangeListServer.cloudflareWith(NEW_CLOUDFLARE_EDGE + "/32"));
                live.refreshNow();

                assertThat(live.get().contains(NEW_CLOUDFLARE_EDGE)).isTrue();
                assertThat(live.get().contains(CLOUDFLARE_EDGE)).isFalse();
                assertThat(live.get().contains(CLOUDFRONT_EDGE)).isTrue();
                assertThat(live.get().contains(LOAD_BALANCER)).isTrue();
                List<SourceStatus> statuses = live.statuses();
                assertThat(statuses).extracting(SourceStatus::source).containsExactly(
                        "cloudflare@" + own.url(CLOUDFLARE_PATH), "aws-cloudfront@" + own.url(AWS_PATH));
                assertThat(statuses).allMatch(SourceStatus::healthy);
                assertThat(statuses).extracting(SourceStatus::entryCount).containsExactly(23, 50);

                own.serve(CLOUDFLARE_PATH, JSON, "{\"result\":{\"ipv4_cidrs\":[\"0.0.0.0/0\"],\"ipv6_cidrs\":[]},"
                        + "\"success\":true,\"errors\":[],\"messages\":[]}");
                live.refreshNow();
                assertThat(live.get().contains(NEW_CLOUDFLARE_EDGE)).as("the last good set stays").isTrue();
                assertThat(live.get().contains("192.0.2.1")).isFalse();
                assertThat(live.statuses().get(0).lastError()).contains("0.0.0.0/0");
            } finally {
                live.close();
            }
            Set<Thread> left = RefreshThreads.alive();
            left.removeAll(before);
            assertThat(left).as("threads left by close()").isEmpty();
        }
    }

    @Test
    @Order(4)
    void theScheduledRefreshIsAppliedOverHttpAndLoggedAsADiff() throws Exception {
        assertThat(scheduler.pending()).as("one refresh scheduled per source").isEqualTo(2);
        // Cloudflare retires one edge and adds another; CloudFront and the load balancer are unchanged.
        codedLists.serve(CLOUDFLARE_PATH, JSON, RangeListServer.cloudflareWith(NEW_CLOUDFLARE_EDGE + "/32"));

        // 1 minute with 10% jitter: due between 54 and 66 seconds.
        assertThat(scheduler.advance(Duration.ofSeconds(53))).as("refreshes before 54 s").isZero();
        assertRefused(coded, NEW_CLOUDFLARE_EDGE);
        assertThat(scheduler.advance(Duration.ofSeconds(13))).as("refreshes by 66 s").isEqualTo(2);

        assertRestored(coded, NEW_CLOUDFLARE_EDGE);
        assertRefused(coded, CLOUDFLARE_EDGE);
        assertRestored(coded, CLOUDFRONT_EDGE);
        assertRestored(coded, LOAD_BALANCER);
        assertRefused(coded, STRANGER);
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line)
                .contains("trustedProxies: source 'cloudflare@" + codedLists.url(CLOUDFLARE_PATH) + "'")
                .contains("changed: 23 CIDR blocks now")
                .contains(NEW_CLOUDFLARE_EDGE + "/32").contains(CLOUDFLARE_EDGE + "/32"));
        assertThat(scheduler.pending()).as("each source's next refresh").isEqualTo(2);
        // The init-param filter's lists were never changed.
        assertRestored(CLOUDFLARE_EDGE);
        assertRefused(NEW_CLOUDFLARE_EDGE);
    }

    @Test
    @Order(5)
    void destroyEndsEveryRefreshThread() throws Exception {
        tomcat.close();
        tomcat = null;
        coded.close();
        coded = null;
        assertThat(scheduler.pending()).as("destroy() cancels the pending refreshes").isZero();
        Set<Thread> left = new HashSet<>(RefreshThreads.alive());
        left.removeAll(threadsBefore);
        assertThat(left).as("originguard-* threads alive after destroy()").isEmpty();
    }

    @Test
    @Order(6)
    void aPoisonedListAtStartFailsInitNamingTheSettingAndTheUrl() throws Exception {
        try (RangeListServer poisoned = new RangeListServer(); LogCapture initLogs = LogCapture.start()) {
            poisoned.serve(CLOUDFLARE_PATH, JSON, "{\"result\":{\"ipv4_cidrs\":[\"173.245.48.0/20\",\"0.0.0.0/0\"],"
                    + "\"ipv6_cidrs\":[]},\"success\":true,\"errors\":[],\"messages\":[]}");
            poisoned.serve(AWS_PATH, JSON, RangeListServer.fixture(RangeListServer.AWS_FIXTURE));
            Set<Thread> before = RefreshThreads.alive();
            FilterContainer broken = FilterContainer.tomcat(Map.of(
                    "trustedProxies", trustedProxies(poisoned),
                    "lockOrigin", "on",
                    "rangeStartup", "fail"));
            try {
                assertThat(broken.available()).as("the context must not start").isFalse();
                assertThat(RawHttp.get(LOAD_BALANCER, broken.port(), "/probe").status()).isNotEqualTo(200);
            } finally {
                broken.close();
            }
            assertThat(initLogs.lines()).anySatisfy(line -> assertThat(line)
                    .contains("OriginGuardFilter 'originGuard': init-param trustedProxies: 'cloudflare@"
                            + poisoned.url(CLOUDFLARE_PATH) + "' could not be loaded at start-up")
                    .contains("0.0.0.0/0")
                    .contains("startupPolicy=FAIL"));
            Set<Thread> left = RefreshThreads.alive();
            left.removeAll(before);
            assertThat(left).as("threads left by a failed init").isEmpty();
        }
    }

    @Test
    @Order(7)
    void cacheElseEmptyStartsALockedOriginWhoseOnlySourceIsDown() throws Exception {
        // rangeStartup=cache-else-empty chooses availability: start without the unreachable source and retry.
        try (RangeListServer down = new RangeListServer()) {
            FilterContainer tomcatWithoutList = FilterContainer.tomcat(Map.of(
                    "trustedProxies", "cloudflare@" + down.url("/not-there"),
                    "lockOrigin", "on",
                    "rangeStartup", "cache-else-empty"));
            try {
                assertThat(tomcatWithoutList.available()).isTrue();
                assertThat(RawHttp.get(LOAD_BALANCER, tomcatWithoutList.port(), "/probe").status()).isEqualTo(403);
            } finally {
                tomcatWithoutList.close();
            }
        }
    }
}
