package dev.originguard.ratelimit.bucket4j;

import dev.originguard.ratelimit.RateLimitSettings;
import dev.originguard.servlet.RequestGate;

/** Makes the Bucket4j rate limiter the filter's rate-limit gate; registered as a {@link RequestGate.Factory}. */
public final class Bucket4jGateFactory implements RequestGate.Factory {

    @Override
    public RequestGate create(RateLimitSettings settings) {
        return ClientRateLimiter.create(settings);
    }
}
