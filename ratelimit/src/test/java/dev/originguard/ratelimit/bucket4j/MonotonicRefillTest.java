package dev.originguard.ratelimit.bucket4j;

import dev.originguard.AddressSet;
import dev.originguard.ClientIpResolver;
import dev.originguard.Resolution;
import dev.originguard.ratelimit.RateLimitSettings;
import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local buckets refill by elapsed time, never by the wall clock: a wall-clock step (NTP, a resumed VM, an
 * operator) back must not leave a client refused with a false Retry-After, and a step forward must not refill
 * an emptied bucket at once. The machine's two clocks are simulated so a step can be made.
 */
class MonotonicRefillTest {

    private static final ClientIpResolver RESOLVER = ClientIpResolver.builder()
            .trustedProxies(AddressSet.of("10.0.0.0/8")).build();
    private static final Resolution CLIENT = RESOLVER.resolve("10.0.0.1", "203.0.113.5");

    /** The host's wall clock and its monotonic clock; only the wall one can step. */
    static final class Host {
        long wallNanos = Duration.ofDays(20_000).toNanos();
        long monotonicNanos = 123_456_789L;

        void elapse(Duration d) {
            wallNanos += d.toNanos();
            monotonicNanos += d.toNanos();
        }

        void stepWall(Duration d) {
            wallNanos += d.toNanos();
        }

        TimeMeter monotonic() {
            return new TimeMeter() {
                @Override
                public long currentTimeNanos() {
                    return monotonicNanos;
                }

                @Override
                public boolean isWallClockBased() {
                    return false;
                }
            };
        }
    }

    @Test
    void theLocalStoreRunsOnTheMonotonicClockByDefault() {
        try (ClientRateLimiter limiter = ClientRateLimiter.create(RateLimitSettings.builder().limits("10/1m").build())) {
            // Before: TimeMeter.SYSTEM_MILLISECONDS, System.currentTimeMillis(), which steps with the wall clock.
            assertThat(limiter.localTime()).isSameAs(TimeMeter.SYSTEM_NANOTIME);
            assertThat(limiter.localTime().isWallClockBased()).isFalse();
        }
    }

    @Test
    void aWallClockStepBackLeavesRetryAfterHonest() {
        Host host = new Host();
        try (ClientRateLimiter limiter = ClientRateLimiter.create(
                RateLimitSettings.builder().limits("10/1m").build(), host.monotonic())) {
            drain(limiter);
            host.stepWall(Duration.ofMinutes(-10));

            Decision refused = limiter.check(CLIENT, "/");
            assertThat(refused.outcome()).isEqualTo(Decision.Outcome.LIMITED);
            assertThat(refused.retryAfterSeconds()).isEqualTo(6); // a token per 6 s, not 10 min more

            host.elapse(Duration.ofSeconds(6));
            assertThat(limiter.check(CLIENT, "/").outcome()).isEqualTo(Decision.Outcome.ALLOWED);
            assertThat(limiter.check(CLIENT, "/").outcome()).isEqualTo(Decision.Outcome.LIMITED);
        }
    }

    @Test
    void aWallClockStepForwardRefillsNothing() {
        Host host = new Host();
        try (ClientRateLimiter limiter = ClientRateLimiter.create(
                RateLimitSettings.builder().limits("10/1m").build(), host.monotonic())) {
            drain(limiter);
            host.stepWall(Duration.ofMinutes(10));

            Decision d = limiter.check(CLIENT, "/");
            assertThat(d.outcome()).isEqualTo(Decision.Outcome.LIMITED);
            assertThat(d.retryAfterSeconds()).isEqualTo(6);
        }
    }

    private static void drain(ClientRateLimiter limiter) {
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.check(CLIENT, "/").outcome()).as("request %d", i + 1)
                    .isEqualTo(Decision.Outcome.ALLOWED);
        }
        assertThat(limiter.check(CLIENT, "/").outcome()).isEqualTo(Decision.Outcome.LIMITED);
    }
}
