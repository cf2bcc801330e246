package dev.originguard.servlet;

import dev.originguard.source.RefreshScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * A {@link RefreshScheduler} whose time moves only when a test calls {@link #advance(Duration)}: each task
 * that falls due runs then, on the advancing thread, in due order. Its time doubles as a ticker
 * ({@link #nanos()}), so ages follow the same time.
 */
final class ManualScheduler implements RefreshScheduler {

    private record Scheduled(long dueNanos, FutureTask<Void> task) {
    }

    private final Object lock = new Object();
    private final List<Scheduled> queue = new ArrayList<>();
    private long nowNanos;

    @Override
    public Future<?> schedule(Runnable task, Duration delay) {
        FutureTask<Void> future = new FutureTask<>(task, null);
        synchronized (lock) {
            queue.add(new Scheduled(nowNanos + delay.toNanos(), future));
        }
        return future;
    }

    /**
     * Moves time forward by {@code step}, running every task due by then (also those scheduled by a task run
     * here); how many ran.
     */
    int advance(Duration step) {
        long target;
        synchronized (lock) {
            target = nowNanos + step.toNanos();
        }
        int ran = 0;
        while (true) {
            Scheduled next;
            synchronized (lock) {
                next = queue.stream().filter(s -> s.dueNanos() - target <= 0)
                        .min(Comparator.comparingLong(Scheduled::dueNanos)).orElse(null);
                if (next == null) {
                    nowNanos = target;
                    return ran;
                }
                queue.remove(next);
                nowNanos = next.dueNanos();
            }
            if (!next.task().isCancelled()) {
                next.task().run();
                ran++;
            }
        }
    }

    /** Tasks scheduled and neither run nor cancelled. */
    int pending() {
        synchronized (lock) {
            return (int) queue.stream().filter(s -> !s.task().isCancelled()).count();
        }
    }

    /** The scheduler's time in nanoseconds, for {@code RefreshSettings.Builder.ticker}. */
    long nanos() {
        synchronized (lock) {
            return nowNanos;
        }
    }
}
