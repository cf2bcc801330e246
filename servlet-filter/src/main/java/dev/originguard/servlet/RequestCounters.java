package dev.originguard.servlet;

import java.util.concurrent.atomic.LongAdder;

/** The filter's per-outcome request counters: one LongAdder increment per request, lock-free. */
final class RequestCounters {

    final LongAdder restored = new LongAdder();
    final LongAdder proxy = new LongAdder();
    final LongAdder direct = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder reported = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder unverified = new LongAdder();

    OriginGuardStatus.RequestCounts snapshot() {
        return new OriginGuardStatus.RequestCounts(restored.sum(), proxy.sum(), direct.sum(), rejected.sum(),
                reported.sum(), malformed.sum(), unverified.sum());
    }
}
