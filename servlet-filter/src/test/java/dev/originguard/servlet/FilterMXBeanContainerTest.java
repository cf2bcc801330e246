package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter's MXBean in a real started Tomcat, read through the platform MBean server as a JMX client reads
 * it: status, ranges with provenance, explain and refresh; gone once the container stops.
 */
class FilterMXBeanContainerTest {

    @TempDir
    Path dir;

    @Test
    void statusRangesExplainAndRefreshThroughThePlatformMBeanServer() throws Exception {
        Path list = dir.resolve("lb.txt");
        Files.writeString(list, "192.0.2.0/24\n");
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("dev.originguard:type=OriginGuardFilter,context=/,name=originGuard");
        assertThat(server.isRegistered(name)).as("no filter left registered by an earlier test").isFalse();
        try (TomcatFilterContainer tomcat = new TomcatFilterContainer(Map.of("trustedProxies",
                "loopback, file:" + list, "lockOrigin", "on"), 0)) {
            assertThat(server.isRegistered(name)).isTrue();
            OriginGuardFilterMXBean bean = JMX.newMXBeanProxy(server, name, OriginGuardFilterMXBean.class);

            RawHttp.get("127.0.0.1", tomcat.port(), "/probe", "X-Forwarded-For: 198.51.100.7");
            assertThat(bean.getStatus()).contains("\"lockOrigin\":\"on\"").contains("\"name\":\"trustedProxies\"")
                    .contains("\"restored\":1");
            assertThat(bean.getRanges()).contains("trustedProxies 127.0.0.0/8 loopback")
                    .anySatisfy(line -> assertThat(line).startsWith("trustedProxies 192.0.2.0/24 file:" + list)
                            .contains(" fetched "));
            assertThat(bean.getPolicyError()).isNull();

            assertThat(bean.explain("127.0.0.1", new String[] {"X-Forwarded-For: 198.51.100.7, 192.0.2.9"}, "/login"))
                    .contains("client 198.51.100.7").contains("trusted by trustedProxies: file:" + list
                            + ": 192.0.2.0/24");
            assertThat(bean.explainJson("203.0.113.5", null, "/")).contains("\"lock\":\"refuse\"");

            Files.writeString(list, "192.0.2.0/24\n198.51.100.0/24\n");
            assertThat(bean.refresh()).contains("\"rangeCount\":4").contains("\"entryCount\":2"); // ::1 and 127/8, two from the file
            assertThat(bean.getRanges()).anySatisfy(line -> assertThat(line).startsWith(
                    "trustedProxies 198.51.100.0/24 file:"));
        }
        assertThat(server.isRegistered(name)).isFalse();
    }
}
