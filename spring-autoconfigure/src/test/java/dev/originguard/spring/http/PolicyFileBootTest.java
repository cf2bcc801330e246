package dev.originguard.spring.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.event.PolicyChanged;
import dev.originguard.event.PolicyRefused;
import dev.originguard.spring.OriginGuardChangeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real started Boot app whose OriginGuard settings are a policy file ({@code originguard.policy-file}) over
 * real HTTP: a good edit changes the resolved client and is published as an {@code OriginGuardChangeEvent}; a bad
 * edit keeps the last good policy and shows in the {@code originguard} health; the Actuator {@code ranges} and
 * {@code explain} read operations answer over HTTP.
 */
@SpringBootTest(classes = {TestApp.class, OnTomcat.class, PolicyFileBootTest.Events.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "originguard.policy-poll-interval=100ms",
        "management.endpoints.web.exposure.include=health,originguard",
        "management.endpoint.health.show-details=always"})
class PolicyFileBootTest {

    private static final Path DIR;
    private static final Path POLICY;

    static {
        try {
            DIR = Files.createTempDirectory("originguard-boot-policy");
            POLICY = DIR.resolve("policy.properties");
            Files.writeString(POLICY, "trustedProxies=192.0.2.1\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final List<OriginGuardChangeEvent> EVENTS = new CopyOnWriteArrayList<>();

    @DynamicPropertySource
    static void policy(DynamicPropertyRegistry registry) {
        registry.add("originguard.policy-file", POLICY::toString);
    }

    @Configuration(proxyBeanMethods = false)
    static class Events {
        @Bean
        Object originGuardEvents() {
            return new Object() {
                @EventListener
                void on(OriginGuardChangeEvent event) {
                    EVENTS.add(event);
                }
            };
        }
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void clean() throws IOException {
        Files.deleteIfExists(POLICY);
        Files.deleteIfExists(DIR.resolve("policy.tmp"));
        Files.deleteIfExists(DIR);
    }

    private static void write(String text) throws IOException {
        Path tmp = DIR.resolve("policy.tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, POLICY, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private String whoami() throws Exception {
        return Http.get(port, "/whoami", "X-Forwarded-For", "198.51.100.7").body();
    }

    private static <T> T await(Callable<T> read, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        T value = read.call();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            value = read.call();
        }
        return value;
    }

    @Test
    void aGoodEditTakesEffectAndABadOneKeepsTheLastGoodPolicyWithTheErrorInHealth() throws Exception {
        write("trustedProxies=192.0.2.1\n");
        assertThat(await(this::whoami, b -> b.startsWith("127.0.0.1 "))).startsWith("127.0.0.1 ");
        EVENTS.clear();

        write("trustedProxies=loopback\n");
        assertThat(await(this::whoami, b -> b.startsWith("198.51.100.7 "))).startsWith("198.51.100.7 FORWARDED");
        assertThat(EVENTS).anySatisfy(e -> assertThat(e.change()).isInstanceOfSatisfying(PolicyChanged.class,
                c -> assertThat(c.changes()).singleElement().hasToString(
                        "trustedProxies: '192.0.2.1' -> 'loopback'")));

        write("trustedProxies=loopback\nlockOrigin=sometimes\n");
        String health = await(() -> Http.get(port, "/actuator/health/originguard").body(),
                b -> b.contains("lastError"));
        assertThat(health).contains("\"status\":\"UP\"").contains("\"current\":false")
                .contains(POLICY + ":2 lockOrigin").contains("sometimes");
        assertThat(whoami()).startsWith("198.51.100.7 "); // the last good policy is still in force
        assertThat(EVENTS).anySatisfy(e -> assertThat(e.change()).isInstanceOf(PolicyRefused.class));

        write("trustedProxies=loopback\n");
        assertThat(await(() -> Http.get(port, "/actuator/health/originguard").body(),
                b -> b.contains("\"current\":true"))).doesNotContain("lastError");
    }

    @Test
    void theActuatorListsRangesWithProvenanceAndExplainsARequest() throws Exception {
        write("trustedProxies=loopback\n");
        await(this::whoami, b -> b.startsWith("198.51.100.7 "));
        String ranges = Http.get(port, "/actuator/originguard/ranges").body();
        assertThat(ranges).contains("\"trustedProxies\":[").contains("\"cidr\":\"127.0.0.0/8\"")
                .contains("\"entry\":\"loopback\"");

        // One header parameter whose value has a comma (Actuator splits those), as curl would send it.
        String explain = Http.get(port, "/actuator/originguard/explain?peer=127.0.0.1&path=/login"
                + "&header=X-Forwarded-For:%20198.51.100.7,%20127.0.0.2").body();
        assertThat(explain).contains("\"client\":\"198.51.100.7\"").contains("\"peerTrusted\":true")
                .contains("\"matchedEntry\":\"loopback: 127.0.0.0/8\"").contains("\"lock\":\"allow\"");

        assertThat(Http.get(port, "/actuator/originguard/explain").statusCode()).isEqualTo(400);
        assertThat(Http.get(port, "/actuator/originguard/nonsense").statusCode()).isEqualTo(400);
    }
}
