package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A filter whose settings are a policy file ({@code policyFile} init-param), in a real embedded Tomcat over real
 * HTTP: a good edit is picked up by the poll and changes the resolved client, a bad edit keeps the last good
 * policy and shows its error in the status (read through the filter's MXBean), a setting given in both places
 * stops start-up naming both, and init after destroy reads the file as it is then.
 */
class PolicyFileContainerTest {

    private static final String FORWARDED = "X-Forwarded-For: 198.51.100.7";
    private static final String SECRET = "s3cret-value-0123456789";

    private Path dir;
    private Path policy;
    private Tomcat tomcat;
    private Context context;

    @BeforeEach
    void files() throws Exception {
        dir = Files.createTempDirectory("originguard-policy");
        policy = dir.resolve("policy.properties");
    }

    @AfterEach
    void stop() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private int start(Map<String, String> initParams) throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(dir.resolve("tomcat").toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        context = tomcat.addContext("/app", dir.toString());
        TomcatFilterContainer.addServlet(context, "probe", new ProbeServlet(), "/probe");
        TomcatFilterContainer.addOriginGuard(context, initParams);
        tomcat.start();
        return tomcat.getConnector().getLocalPort();
    }

    private void write(String text) throws Exception {
        // Through a temporary file and a move, as an editor or a deployment does, so a poll never reads half.
        Path tmp = dir.resolve("policy.tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, policy, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private String client(int port) throws Exception {
        return RawHttp.get("127.0.0.1", port, "/app/probe", FORWARDED).probe().get("client");
    }

    private static ObjectName mxbean() throws Exception {
        return new ObjectName("dev.originguard:type=OriginGuardFilter,context=/app,name=originGuard");
    }

    private static Object attribute(String name) throws Exception {
        return ManagementFactory.getPlatformMBeanServer().getAttribute(mxbean(), name);
    }

    private static <T> T await(Callable<T> read, java.util.function.Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        T value = read.call();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            value = read.call();
        }
        return value;
    }

    private static long policyThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("originguard-policy-") && t.isAlive()).count();
    }

    @Test
    void aGoodEditTakesEffectAndABadEditKeepsTheLastGoodPolicyWithItsErrorInStatus() throws Exception {
        write("trustedProxies=192.0.2.1\n");
        try (LogCapture log = LogCapture.start()) {
            int port = start(Map.of("policyFile", policy.toString(), "policyPollInterval", "100ms"));
            assertThat(client(port)).isEqualTo("127.0.0.1"); // the peer is not trusted: the header is ignored

            write("trustedProxies=loopback\n# reviewed: LB moved to this host\n");
            assertThat(await(() -> client(port), "198.51.100.7"::equals)).isEqualTo("198.51.100.7");
            assertThat(log.text()).contains("policy file " + policy + " reloaded")
                    .contains("1 setting changed: trustedProxies: '192.0.2.1' -> 'loopback'");

            write("trustedProxies=10.0.0.0/33\n");
            Object error = await(() -> attribute("PolicyError"), e -> e != null);
            assertThat((String) error).contains(policy + ":1 trustedProxies").contains("10.0.0.0/33");
            assertThat(client(port)).isEqualTo("198.51.100.7"); // the last good policy is still in force
            assertThat((String) attribute("Status")).contains("\"reloads\":1").contains("\"refusals\":1")
                    .contains("\"lastError\":\"" + policy + ":1 trustedProxies");
            assertThat(log.text()).contains("changed but is refused, keeping the last good policy");

            // Putting the good version back clears the error without a swap.
            write("trustedProxies=loopback\n# reviewed: LB moved to this host\n");
            assertThat(await(() -> attribute("PolicyError"), e -> e == null)).isNull();
            assertThat((String) attribute("Status")).contains("\"reloads\":1");
        }
    }

    @Test
    void theOriginSecretIsLoggedAsChangedOnlyAndAnExplicitReloadIsImmediate() throws Exception {
        write("trustedProxies=loopback\n");
        try (LogCapture log = LogCapture.start()) {
            int port = start(Map.of("policyFile", policy.toString(), "policyPollInterval", "1d"));
            write("trustedProxies=loopback\noriginSecretHeader=X-Origin-Verify\noriginSecret=" + SECRET + "\n");
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            assertThat(server.invoke(mxbean(), "reloadPolicy", null, null)).isEqualTo(true);
            // Without the secret the trusted peer is treated as direct: the header is no longer believed.
            assertThat(client(port)).isEqualTo("127.0.0.1");
            assertThat(RawHttp.get("127.0.0.1", port, "/app/probe", FORWARDED, "X-Origin-Verify: " + SECRET)
                    .probe().get("client")).isEqualTo("198.51.100.7");
            assertThat(log.text()).contains("originSecret: changed (secret, not shown)")
                    .contains("originSecretHeader: (unset) -> 'X-Origin-Verify'").doesNotContain(SECRET);
            assertThat(server.invoke(mxbean(), "reloadPolicy", null, null)).isEqualTo(false); // unchanged
        }
    }

    @Test
    void aSettingGivenInBothPlacesStopsStartUpNamingBoth() throws Exception {
        write("trustedProxies=loopback\nlockOrigin=on\n");
        try (LogCapture log = LogCapture.start()) {
            start(Map.of("policyFile", policy.toString(), "lockOrigin", "off"));
            assertThat(context.getState().isAvailable()).isFalse();
            assertThat(log.text()).contains("OriginGuardFilter 'originGuard' init-param lockOrigin and " + policy
                    + ":2 lockOrigin").contains("is set both in the application and in the policy file");
        }
    }

    @Test
    void initAfterDestroyReadsTheFileAsItIsThen() throws Exception {
        write("trustedProxies=192.0.2.1\n");
        int port = start(Map.of("policyFile", policy.toString(), "policyPollInterval", "1d"));
        assertThat(client(port)).isEqualTo("127.0.0.1");
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        assertThat(server.isRegistered(mxbean())).isTrue();

        assertThat(policyThreads()).isPositive();
        context.stop();
        assertThat(server.isRegistered(mxbean())).isFalse();
        assertThat(policyThreads()).isZero(); // destroy waited for the poll thread to end
        write("trustedProxies=loopback\n");
        context.start();
        assertThat(context.getState().isAvailable()).isTrue();
        // Tomcat drops a programmatic context's servlet mappings on stop, so the probe 404s after the restart;
        // the request still passes the started filter, and its MXBean explains with the policy now in force.
        assertThat(RawHttp.get("127.0.0.1", port, "/app/probe", FORWARDED).status()).isEqualTo(404);
        assertThat(server.isRegistered(mxbean())).isTrue();
        assertThat((String) server.invoke(mxbean(), "explainJson", new Object[] {"127.0.0.1",
                new String[] {FORWARDED}, "/probe"}, new String[] {"java.lang.String", "[Ljava.lang.String;",
                "java.lang.String"})).contains("\"client\":\"198.51.100.7\"");
    }
}
