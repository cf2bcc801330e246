package dev.originguard.source;

import dev.originguard.internal.Redaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.originguard.ConfigurationException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials in a range-source URL (user info, a signed query) never show (issue 10, hole 4): not in log
 * lines, start-up errors, status, cache file names or their contents.
 */
class LocationRedactionTest {

    static final String PASSWORD = "hunter2pw";
    static final String SIG = "SECRETsig0";

    ListServer server;
    ByteArrayOutputStream logs;
    PrintStream originalErr;

    @BeforeEach
    void start() throws Exception {
        server = new ListServer();
        // slf4j-simple writes to the System.err of the moment.
        originalErr = System.err;
        logs = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setErr(originalErr);
        server.close();
    }

    String secretUrl(String path) {
        return server.url(path).replace("http://", "http://user:" + PASSWORD + "@") + "?sig=" + SIG + "&x=1";
    }

    static void assertNoSecret(String text) {
        assertThat(text).doesNotContain(PASSWORD).doesNotContain(SIG);
    }

    @Test
    void redactionKeepsParameterNamesAndHidesValuesAndUserInfo() {
        assertThat(Redaction.redact("https://user:pass@host/path?sig=abc&v=1"))
                .isEqualTo("https://***@host/path?sig=***&v=***");
        assertThat(Redaction.redact("cloudflare@https://h/p?token#frag")).isEqualTo("cloudflare@https://h/p?***#***");
        assertThat(Redaction.redact("x: 'https://a:b@h/p?k=v' failed")).isEqualTo("x: 'https://***@h/p?k=***' failed");
        assertThat(Redaction.redact("file:/etc/list.txt")).isEqualTo("file:/etc/list.txt");
        assertThat(Redaction.redact("https://host/plain")).isEqualTo("https://host/plain");
    }

    @Test
    void noSecretInStatusLogsOrCacheFiles(@TempDir Path cacheDir) throws Exception {
        String url = secretUrl("/list");
        RefreshSettings settings = RefreshSettings.builder().connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(2)).cacheDirectory(cacheDir).build();
        server.answer("/list", ListServer.Answer.ok("text/plain", LiveAddressSetRefreshTest.GOOD));
        List<String> shown = new ArrayList<>();
        try (LiveAddressSet live = LiveAddressSet.start("10.0.0.1 " + url, "trustedProxies", settings)) {
            assertThat(live.get().contains("198.51.100.1")).isTrue();
            server.answer("/list", ListServer.Answer.status(500));
            live.refreshNow();
            SourceStatus status = live.statuses().get(0);
            assertThat(status.lastError()).contains("HTTP 500");
            assertThat(status.location()).isEqualTo(
                    server.url("/list").replace("http://", "http://***@") + "?sig=***&x=***");
            shown.add(status.toString());
            shown.add(live.toString());
        }
        try (var files = Files.list(cacheDir)) {
            for (Path file : files.toList()) {
                assertThat(file.getFileName().toString()).matches("originguard-[0-9a-f]{64}\\.txt");
                shown.add(file.getFileName().toString());
                shown.add(Files.readString(file));
            }
        }
        // A restart that cannot fetch, and finds no cache: the start-up error.
        server.answer("/list", ListServer.Answer.status(503));
        assertThatThrownBy(() -> LiveAddressSet.start(url, "trustedProxies", RefreshSettings.builder()
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2)).build()))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> shown.add(e.getMessage()));
        System.err.flush();
        shown.add(logs.toString(StandardCharsets.UTF_8));
        assertThat(shown.get(shown.size() - 1)).contains("HTTP 500").contains("sig=***");
        shown.forEach(LocationRedactionTest::assertNoSecret);
    }

    @Test
    void configurationErrorsForBadUrlsDoNotEchoTheSecret() {
        List<String> bad = List.of(
                "https://user:" + PASSWORD + "@example.com/list?sig=" + SIG + "|x",
                "http://user:" + PASSWORD + "@example.com/list?sig=" + SIG,
                "cloudflare@https://user:" + PASSWORD + "@example.com/ips?sig=" + SIG + "^",
                "aws:EC2@https://user:" + PASSWORD + "@example.com/ip-ranges.json?sig=" + SIG,
                "cloudflare@ftp://user:" + PASSWORD + "@example.com/ips?sig=" + SIG);
        for (String entry : bad) {
            assertThatThrownBy(() -> LiveAddressSet.start(entry, "trustedProxies"))
                    .isInstanceOf(ConfigurationException.class)
                    .satisfies(e -> assertNoSecret(e.getMessage()));
        }
    }
}
