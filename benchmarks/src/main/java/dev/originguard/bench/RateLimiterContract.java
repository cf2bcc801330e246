package dev.originguard.bench;

import dev.originguard.Resolution;
import dev.originguard.ratelimit.RateLimitSettings;
import dev.originguard.settings.SettingsText;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * Reaches the local rate limiter through its public contract only, by name, once at setup: the settings from
 * init-param text ({@code SettingsText.read(params, INIT_PARAMS).rateLimit()}, in core), then
 * {@code ClientRateLimiter.create(settings)} of the {@code originguard-ratelimit} module, then
 * {@code check(Resolution, String path)} bound into a {@link Check} so the measured call is an interface call,
 * not reflection.
 */
final class RateLimiterContract {

    static final String LIMITER_CLASS = "dev.originguard.ratelimit.bucket4j.ClientRateLimiter";

    /** One limiter decision; the result is whatever the limiter returns, boxed if primitive. */
    @FunctionalInterface
    interface Check {
        Object check(Resolution resolution, String path);
    }

    private RateLimiterContract() {
    }

    /** Whether the limiter is on the classpath. */
    static boolean available() {
        try {
            Class.forName(LIMITER_CLASS, false, RateLimiterContract.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** A limiter made from init-param style settings; its {@code close()} is returned too if it has one. */
    static Bound create(Map<String, String> params) {
        try {
            Class<?> limiterType = Class.forName(LIMITER_CLASS);
            RateLimitSettings settings = SettingsText.read(params, SettingsText.INIT_PARAMS).rateLimit();
            if (settings == null) {
                throw new IllegalArgumentException("no rateLimit in " + params);
            }
            Object limiter = limiterType.getMethod("create", RateLimitSettings.class).invoke(null, settings);
            Method check = limiterType.getMethod("check", Resolution.class, String.class);
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle impl = lookup.unreflect(check);
            MethodType erased = MethodType.methodType(Object.class, Resolution.class, String.class);
            CallSite site = LambdaMetafactory.metafactory(lookup, "check", MethodType.methodType(Check.class,
                    limiterType), erased, impl, erased);
            Check bound = (Check) site.getTarget().invoke(limiter);
            return new Bound(bound, limiter);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(LIMITER_CLASS + " is not on the benchmark classpath: the direct "
                    + "limiter benchmark needs the originguard-ratelimit module", e);
        } catch (Throwable e) {
            throw new IllegalStateException("the rate limiter's contract (SettingsText.read(params, INIT_PARAMS)"
                    + ".rateLimit(), " + LIMITER_CLASS + ".create(RateLimitSettings), check(Resolution, String)) "
                    + "is not as expected: " + e, e);
        }
    }

    /** A bound check and the limiter behind it. */
    record Bound(Check check, Object limiter) {
        void close() throws Exception {
            if (limiter instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
