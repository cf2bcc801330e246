package dev.originguard.settings;

import dev.originguard.AddressSet;
import dev.originguard.ClientIpResolver;
import dev.originguard.ConfigurationException;
import dev.originguard.OriginSecret;
import dev.originguard.ratelimit.RateLimitSettings;
import dev.originguard.source.LiveAddressSet;
import dev.originguard.source.RefreshSettings;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything OriginGuard is configured with, immutable and validated, one object per concern: whom it trusts
 * and how it reads them ({@link #trust()}), the origin lock ({@link #lock()}), the origin secret, how range
 * sources refresh ({@link #ranges()}) and rate limiting. Nothing is fetched or started here: the filter
 * starts range sources and the rate limiter from these settings, and tools can load and check a
 * configuration without a servlet container.
 *
 * <p>Build it in code with {@link #builder()}, or from text (init-params, a policy file, properties) with
 * {@link SettingsText}, which calls the same builder. The defaults are those of {@link Setting#defaultText()}:
 * nothing trusted, lock off, no origin secret, {@link RefreshSettings#defaults()}, rate limiting off.
 */
public final class OriginGuardSettings {

    private final TrustSettings trust;
    private final LockSettings lock;
    private final OriginSecret originSecret;
    private final RefreshSettings ranges;
    private final RateLimitSettings rateLimit;

    OriginGuardSettings(SettingsBuilder<?> b) {
        this.trust = new TrustSettings(b);
        this.lock = new LockSettings(b.lockOrigin, b.exemptPaths);
        this.originSecret = b.originSecret;
        this.ranges = b.ranges;
        this.rateLimit = b.rateLimit;
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whom OriginGuard trusts, and how it reads them. */
    public TrustSettings trust() {
        return trust;
    }

    /** The origin lock. */
    public LockSettings lock() {
        return lock;
    }

    /** The origin secret, or null when none is configured (the default). */
    public OriginSecret originSecret() {
        return originSecret;
    }

    /** How range sources are fetched, validated and refreshed. Default {@link RefreshSettings#defaults()}. */
    public RefreshSettings ranges() {
        return ranges;
    }

    /** Rate limiting, or null when it is off (the default). */
    public RateLimitSettings rateLimit() {
        return rateLimit;
    }

    @Override
    public String toString() {
        return "OriginGuardSettings[" + trust + ", " + lock + ", originSecret=" + (originSecret != null)
                + ", rateLimit=" + rateLimit + "]";
    }

    /** Builds {@link OriginGuardSettings}; every method is a {@link SettingsBuilder} method. */
    public static final class Builder extends SettingsBuilder<Builder> {

        private Builder() {
        }

        /**
         * The settings, checked together: every address-set text parses (no source is fetched), and a lock
         * has something to let through.
         *
         * @throws ConfigurationException naming the setting, the value and why
         */
        public OriginGuardSettings build() {
            return settings();
        }
    }
}
