package dev.originguard.source;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates named daemon threads ({@code originguard-refresh-1}, ...) and remembers them, so that close()
 * can wait until each has really ended, not only until its executor reports termination.
 */
final class DaemonThreads implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger counter;
    private final List<Thread> created = new CopyOnWriteArrayList<>();

    DaemonThreads(String prefix, AtomicInteger counter) {
        this.prefix = prefix;
        this.counter = counter;
    }

    @Override
    public Thread newThread(Runnable runnable) {
        Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
        thread.setDaemon(true);
        created.add(thread);
        return thread;
    }

    /** Waits until every created thread has ended, up to the timeout; whether they all did. */
    boolean join(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (Thread thread : created) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(thread, left);
            }
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }
}
