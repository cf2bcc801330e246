package dev.originguard.ratelimit.bucket4j;

import dev.originguard.ratelimit.Rate;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

import java.util.List;

/**
 * One client's bucket in this JVM: the token counts of the rule's rates and the time they were last
 * refilled, nothing else, so a new client costs one small object (a single rate: 32 bytes, where a Bucket4j
 * {@code SynchronizedBucket} with its state, lock and listener cost several objects). Refills as Bucket4j's
 * greedy refill does: continuously, {@code requests} per {@code period}, never above {@code requests};
 * elapsed time comes from the {@link TimeMeter} (the monotonic clock in production). Thread-safe: a client's
 * own bucket is almost never contended, so a monitor is the cheapest lock.
 */
final class LocalTokenBucket {

    /** The rates of one rule, shared by all its buckets. */
    static final class Shape {
        final double[] capacity;
        final double[] periodNanos;
        final double[] nanosPerToken;

        Shape(List<Rate> rates) {
            int n = rates.size();
            capacity = new double[n];
            periodNanos = new double[n];
            nanosPerToken = new double[n];
            for (int i = 0; i < n; i++) {
                Rate r = rates.get(i);
                capacity[i] = r.requests();
                periodNanos[i] = r.period().toNanos();
                nanosPerToken[i] = (double) r.period().toNanos() / r.requests();
            }
        }
    }

    // Sums of fractional refills can fall a hair short of a whole token (three thirds make 0.9999999999999999):
    // a billionth of a token is forgiven, so a bucket refilled in steps agrees with one refilled at once.
    private static final double EPSILON = 1e-9;
    private static final double ONE = 1 - EPSILON;

    private final Shape shape;
    private final TimeMeter time;
    private double tokens; // of the first rate: no array for the common single-rate rule
    private final double[] more; // of the other rates, or null
    private long refilledNanos;

    LocalTokenBucket(Shape shape, TimeMeter time) {
        this.shape = shape;
        this.time = time;
        this.tokens = shape.capacity[0];
        int n = shape.capacity.length;
        if (n > 1) {
            more = new double[n - 1];
            System.arraycopy(shape.capacity, 1, more, 0, n - 1);
        } else {
            more = null;
        }
        this.refilledNanos = time.currentTimeNanos();
    }

    // elapsed * capacity / period rather than elapsed * a rate: exact at whole-token boundaries.
    private static double refill(double tokens, long elapsed, double capacity, double period) {
        return elapsed >= period ? capacity : Math.min(capacity, tokens + elapsed * capacity / period);
    }

    /** Takes one token if every rate has one; the probe Bucket4j's {@code tryConsumeAndReturnRemaining(1)} gives. */
    ConsumptionProbe tryConsume() {
        if (more != null) {
            return tryConsumeAll();
        }
        // One rate, the common case: the lock covers only the update, and the probe is made here, in a method
        // small enough to inline into the caller, so the JIT can leave it off the heap.
        double after = takeSingle();
        double perToken = shape.nanosPerToken[0];
        double cap = shape.capacity[0];
        if (after > -0.5) {
            return ConsumptionProbe.consumed((long) (after + EPSILON), (long) Math.ceil((cap - after) * perToken));
        }
        double left = -1 - after;
        return ConsumptionProbe.rejected((long) (left + EPSILON), (long) Math.ceil((1 - left) * perToken),
                (long) Math.ceil((cap - left) * perToken));
    }

    /** Refills and takes a token of the single rate: the tokens left when taken, else -1 - the tokens there are. */
    private synchronized double takeSingle() {
        long now = time.currentTimeNanos();
        long elapsed = now - refilledNanos;
        if (elapsed > 0) {
            refilledNanos = now;
        } else {
            elapsed = 0;
        }
        double t = refill(tokens, elapsed, shape.capacity[0], shape.periodNanos[0]);
        if (t >= ONE) {
            tokens = t - 1;
            return tokens;
        }
        tokens = t;
        return -1 - t;
    }

    private synchronized ConsumptionProbe tryConsumeAll() {
        long now = time.currentTimeNanos();
        long elapsed = now - refilledNanos;
        if (elapsed > 0) {
            refilledNanos = now;
        } else {
            elapsed = 0;
        }
        double[] cap = shape.capacity;
        double[] period = shape.periodNanos;
        tokens = refill(tokens, elapsed, cap[0], period[0]);
        boolean ok = tokens >= ONE;
        if (more != null) {
            for (int i = 0; i < more.length; i++) {
                more[i] = refill(more[i], elapsed, cap[i + 1], period[i + 1]);
                ok &= more[i] >= ONE;
            }
        }
        if (ok) {
            tokens -= 1;
            if (more != null) {
                for (int i = 0; i < more.length; i++) {
                    more[i] -= 1;
                }
            }
        }
        double[] perToken = shape.nanosPerToken;
        double remaining = tokens;
        double reset = (cap[0] - tokens) * perToken[0];
        double wait = tokens < ONE ? (1 - tokens) * perToken[0] : 0;
        if (more != null) {
            for (int i = 0; i < more.length; i++) {
                remaining = Math.min(remaining, more[i]);
                reset = Math.max(reset, (cap[i + 1] - more[i]) * perToken[i + 1]);
                if (more[i] < ONE) {
                    wait = Math.max(wait, (1 - more[i]) * perToken[i + 1]);
                }
            }
        }
        long whole = (long) (remaining + EPSILON);
        return ok ? ConsumptionProbe.consumed(whole, (long) Math.ceil(reset))
                : ConsumptionProbe.rejected(whole, (long) Math.ceil(wait), (long) Math.ceil(reset));
    }
}
