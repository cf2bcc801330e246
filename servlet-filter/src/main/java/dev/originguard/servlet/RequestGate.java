package dev.originguard.servlet;

import dev.originguard.Resolution;
import dev.originguard.ratelimit.RateLimitSettings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The filter's last stage before the application: it lets a request through, or answers it itself (429, 503).
 * Rate limiting plugs in here from the {@code originguard-ratelimit} artifact, found with
 * {@link java.util.ServiceLoader} through {@link Factory} when rate limiting is configured, so the filter
 * carries no Bucket4j or Caffeine when it is not.
 */
@FunctionalInterface
public interface RequestGate extends AutoCloseable {

    /**
     * Decides one request of a known client. Runs after the origin lock, so a refused direct hit never spends
     * a client's tokens.
     *
     * @return true to pass the request on; false when the gate has written the response
     * @throws IOException when writing the response fails
     */
    boolean admit(HttpServletRequest request, HttpServletResponse response, Resolution resolution)
            throws IOException;

    /** The counts so far, for {@link OriginGuardFilter#status()}; null when the gate keeps none. */
    default OriginGuardStatus.RateLimitCounts counts() {
        return null;
    }

    /** Releases what the gate holds (connections, threads). Default: nothing. */
    @Override
    default void close() {
    }

    /** Makes the rate-limit gate; implemented by {@code originguard-ratelimit}, registered as a service. */
    interface Factory {

        /**
         * The gate for {@code settings}, started.
         *
         * @throws dev.originguard.ConfigurationException when the settings cannot be honoured (a store that
         *                                                 needs a client library missing from the class path)
         */
        RequestGate create(RateLimitSettings settings);
    }
}
