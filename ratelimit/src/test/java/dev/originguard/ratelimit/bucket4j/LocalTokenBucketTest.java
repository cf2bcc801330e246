package dev.originguard.ratelimit.bucket4j;

import dev.originguard.ratelimit.Rate;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketListener;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.MathType;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.SynchronizedBucket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local store's own bucket against Bucket4j's, side by side on one manual clock, over random rules (one
 * to three rates) and random request timings: the same decisions and remaining counts, and the same waits
 * within a microsecond.
 */
class LocalTokenBucketTest {

    private static final class Clock implements TimeMeter {
        long nanos = 1_000_000_000L;

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }

    @Test
    void decidesAsBucket4jsGreedyRefillDoes() {
        Random random = new Random(16);
        long[] periods = {1, 10, 60, 3600, 86_400};
        for (int rule = 0; rule < 300; rule++) {
            List<Rate> rates = new ArrayList<>();
            int n = 1 + random.nextInt(3);
            while (rates.size() < n) {
                Rate candidate = Rate.of(1 + random.nextInt(200), Duration.ofSeconds(periods[random.nextInt(periods.length)]));
                if (!rates.contains(candidate)) {
                    rates.add(candidate);
                }
            }
            Clock clock = new Clock();
            List<io.github.bucket4j.Bandwidth> bandwidths = new ArrayList<>();
            for (Rate r : rates) {
                bandwidths.add(LimitRule.bandwidth(r));
            }
            SynchronizedBucket theirs = new SynchronizedBucket(new BucketConfiguration(bandwidths),
                    MathType.INTEGER_64_BITS, clock, BucketListener.NOPE);
            LocalTokenBucket ours = new LocalTokenBucket(new LocalTokenBucket.Shape(rates), clock);
            long shortest = rates.stream().mapToLong(r -> r.period().toNanos() / r.requests()).min().orElseThrow();
            for (int step = 0; step < 400; step++) {
                // bursts, and pauses around a token's refill time
                clock.nanos += random.nextInt(4) == 0 ? (long) (random.nextDouble() * 3 * shortest) : random.nextInt(1000);
                ConsumptionProbe expected = theirs.tryConsumeAndReturnRemaining(1);
                ConsumptionProbe actual = ours.tryConsume();
                String where = rates + " step " + step;
                assertThat(actual.isConsumed()).as(where).isEqualTo(expected.isConsumed());
                assertThat(actual.getRemainingTokens()).as(where).isEqualTo(expected.getRemainingTokens());
                assertThat(actual.getNanosToWaitForRefill()).as(where)
                        .isBetween(expected.getNanosToWaitForRefill() - 1000, expected.getNanosToWaitForRefill() + 1000);
                assertThat(actual.getNanosToWaitForReset()).as(where)
                        .isBetween(expected.getNanosToWaitForReset() - 1000, expected.getNanosToWaitForReset() + 1000);
            }
        }
    }
}
