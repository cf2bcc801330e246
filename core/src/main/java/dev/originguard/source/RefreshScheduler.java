package dev.originguard.source;

import java.time.Duration;
import java.util.concurrent.Future;

/**
 * Runs the refreshes of range sources: each call asks for one task to run once, after a delay. Set it with
 * {@link RefreshSettings.Builder#scheduler(RefreshScheduler)} to run refreshes on threads of your own, or to
 * drive them from a test without waiting; by default each {@link LiveAddressSet} with refreshed sources
 * starts one daemon thread of its own.
 *
 * <p>A task fetches or reads one source and may block up to the timeouts of {@link RefreshSettings}; tasks
 * of different sources may run at the same time. A {@link java.util.concurrent.ScheduledExecutorService}
 * fits as {@code (task, delay) -> executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS)}.
 */
@FunctionalInterface
public interface RefreshScheduler {

    /**
     * Arranges for {@code task} to run once, after {@code delay}.
     *
     * @param task  the refresh to run; it never throws
     * @param delay how long from now; positive
     * @return a handle whose {@link Future#cancel(boolean) cancel} keeps the task from running; the
     *         {@link LiveAddressSet} cancels its pending tasks when closed
     * @throws java.util.concurrent.RejectedExecutionException when the scheduler no longer accepts tasks:
     *                                                         that source is then no longer refreshed
     */
    Future<?> schedule(Runnable task, Duration delay);
}
