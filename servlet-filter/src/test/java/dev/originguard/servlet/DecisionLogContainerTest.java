package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The {@code dev.originguard.decision} logger over real HTTP in Tomcat, captured from logback. */
class DecisionLogContainerTest {

    private static final String SECRET = "0123456789abcdef-secret";
    private final Logger decision = (Logger) LoggerFactory.getLogger(OriginGuardFilter.DECISION_LOGGER);

    @AfterEach
    void reset() {
        decision.setLevel(null);
    }

    private static Map<String, String> settings() {
        return Map.of("trustedProxies", "loopback", "originSecretHeader", "X-Origin-Verify", "originSecret", SECRET);
    }

    private static long decisionLines(LogCapture log) {
        return log.lines().stream().filter(l -> l.contains(" " + OriginGuardFilter.DECISION_LOGGER + " - ")).count();
    }

    @Test
    void atDebugEachRequestGetsOneLineWithItsTraceAndNoSecret() throws Exception {
        decision.setLevel(Level.DEBUG);
        try (TomcatFilterContainer tomcat = new TomcatFilterContainer(settings(), 0);
                LogCapture log = LogCapture.start()) {
            RawHttp.get("127.0.0.1", tomcat.port(), "/probe", "X-Forwarded-For: 198.51.100.7, 127.0.0.9",
                    "X-Origin-Verify: " + SECRET);
            RawHttp.get("127.0.0.1", tomcat.port(), "/probe", "X-Forwarded-For: 198.51.100.7");
            assertThat(decisionLines(log)).isEqualTo(2);
            assertThat(log.text()).contains("DEBUG " + OriginGuardFilter.DECISION_LOGGER
                    + " - GET /probe peer=127.0.0.1 trusted=trustedProxies:loopback: 127.0.0.0/8 hops=[127.0.0.1 by "
                    + "trustedProxies:loopback: 127.0.0.0/8, 127.0.0.9 by trustedProxies:loopback: 127.0.0.0/8] "
                    + "client=198.51.100.7 rule=FORWARDED known=true lock=allow")
                    .contains("trusted=no (no valid X-Origin-Verify header) hops=[] client=127.0.0.1 rule=DIRECT")
                    .doesNotContain(SECRET);
        }
    }

    @Test
    void offByDefault() throws Exception {
        try (TomcatFilterContainer tomcat = new TomcatFilterContainer(settings(), 0);
                LogCapture log = LogCapture.start()) {
            RawHttp.get("127.0.0.1", tomcat.port(), "/probe", "X-Forwarded-For: 198.51.100.7");
            assertThat(decisionLines(log)).isZero();
        }
    }
}
