package dev.originguard.source;

import dev.originguard.AddressSet;
import dev.originguard.ConfigurationException;
import dev.originguard.event.OriginGuardListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An address set read from a setting and kept current: inline entries and presets, plus range sources
 * (text files, URLs, provider lists) that are loaded at start and refreshed in the background.
 *
 * <p>{@link #get()} returns the compiled set in force with a single volatile read: no lock, no allocation.
 * A request should call it once and use that set throughout, so it sees the old set or the new one, never a
 * mix. A refresh is all-or-nothing (see {@link RefreshSettings}): a list that fails any check leaves the last
 * good set in force, is logged at WARN, recorded in {@link #statuses()}, and retried with exponential
 * backoff. Each change is logged at INFO as a diff of CIDR blocks added and removed. Before a source's new
 * set is swapped in, the whole setting (inline entries plus every source) is checked as one: see
 * {@link RefreshSettings} for the merged-block and address-cap checks. {@link #statuses()} never waits on a
 * refresh in progress, and shows every location with its user info and query values redacted.
 *
 * <p>A setting of only inline entries and presets compiles to a fixed set and starts no thread. Otherwise
 * one daemon thread named {@code originguard-refresh-N} refreshes all sources of this set (and HTTP work runs
 * on daemon {@code originguard-fetch-N} threads); {@link #close()} stops them. With a
 * {@link RefreshSettings.Builder#scheduler(RefreshScheduler) scheduler} of your own no refresh thread is
 * started: the refreshes are scheduled on it, and {@link #close()} cancels those still pending.
 *
 * <pre>{@code
 * LiveAddressSet proxies = LiveAddressSet.start(
 *     "cloudflare, aws-cloudfront, 10.0.0.0/8", "originguard.trusted-proxies", RefreshSettings.defaults());
 * boolean trusted = proxies.get().contains(peerAddress);
 * }</pre>
 *
 * <p>The syntax of the setting is described in docs/range-sources.md: entries separated by commas and/or
 * whitespace, each an address, CIDR, range or preset, {@code file:/path}, {@code https://url}, or a provider
 * {@code name[:selector][@location]}.
 */
public final class LiveAddressSet implements Supplier<AddressSet>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveAddressSet.class);
    private static final AtomicInteger REFRESH_THREADS = new AtomicInteger();
    private static final AtomicInteger FETCH_THREADS = new AtomicInteger();

    private final String setting;
    private final AddressSet fixed;
    private final List<Map.Entry<String, AddressSet>> inline;
    private final List<RangeSource> sources;
    private final RefreshScheduler scheduler;
    private final ScheduledExecutorService ownScheduler;
    private final Map<RangeSource, Future<?>> pending = new ConcurrentHashMap<>();
    private final ExecutorService fetchExecutor;
    private final List<DaemonThreads> threads;
    private final ListFetcher fetcher;
    private final RefreshSettings settings;
    private final Object publishLock = new Object();
    private volatile AddressSet current;
    private volatile boolean closed;

    private LiveAddressSet(String setting, AddressSet fixed, List<Map.Entry<String, AddressSet>> inline,
            List<RangeSource> sources,
            RefreshScheduler scheduler, ScheduledExecutorService ownScheduler, ExecutorService fetchExecutor,
            ListFetcher fetcher, List<DaemonThreads> threads, RefreshSettings settings) {
        this.setting = setting;
        this.settings = settings;
        this.fixed = fixed;
        this.inline = inline;
        this.sources = sources;
        this.scheduler = scheduler;
        this.ownScheduler = ownScheduler;
        this.fetchExecutor = fetchExecutor;
        this.fetcher = fetcher;
        this.threads = threads;
        this.current = fixed;
    }

    /**
     * Parses a setting and loads its sources, with default {@link RefreshSettings}.
     *
     * @see #start(String, String, RefreshSettings)
     */
    public static LiveAddressSet start(String settingValue, String settingName) {
        return start(settingValue, settingName, RefreshSettings.defaults());
    }

    /**
     * Checks a setting's syntax as {@link #start(String, String, RefreshSettings)} would, without loading
     * anything: no file is read and no URL fetched.
     *
     * @throws ConfigurationException naming the setting and the bad entry
     */
    public static void check(String settingValue, String settingName, RefreshSettings settings) {
        SourceSyntax.parse(Objects.requireNonNull(settingValue, "settingValue"),
                Objects.requireNonNull(settingName, "settingName"), Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Parses a setting, loads every source once on the calling thread (blocking up to the timeouts), and,
     * if there are sources, schedules their refreshes.
     *
     * @param settingValue the entries, separated by commas and/or whitespace
     * @param settingName  the setting's name, used in errors and logs
     * @throws ConfigurationException naming the setting and the bad entry, or a source that could not be
     *                                loaded when the {@link StartupPolicy} says start-up fails
     */
    public static LiveAddressSet start(String settingValue, String settingName, RefreshSettings settings) {
        return start(settingValue, settingName, settings, OriginGuardListener.NONE);
    }

    /**
     * As {@link #start(String, String, RefreshSettings)}, telling {@code listener} of every later change: each
     * refresh that swaps in a new list ({@link OriginGuardListener#rangesChanged}) and each refused refresh
     * ({@link OriginGuardListener#refreshFailed}), on the refreshing thread, after the change is in force.
     *
     * @throws ConfigurationException as {@link #start(String, String, RefreshSettings)}
     */
    public static LiveAddressSet start(String settingValue, String settingName, RefreshSettings settings,
            OriginGuardListener listener) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(settingValue, "settingValue");
        Objects.requireNonNull(settingName, "settingName");
        Objects.requireNonNull(settings, "settings");
        SourceSyntax.Parsed parsed = SourceSyntax.parse(settingValue, settingName, settings);
        if (parsed.sources().isEmpty()) {
            return new LiveAddressSet(settingName, parsed.fixed(), parsed.inline(), List.of(), null, null, null, null,
                    List.of(), settings);
        }
        boolean http = parsed.sources().stream().anyMatch(s -> s.uri() != null);
        DaemonThreads fetchThreads = new DaemonThreads("originguard-fetch-", FETCH_THREADS);
        DaemonThreads refreshThreads = new DaemonThreads("originguard-refresh-", REFRESH_THREADS);
        ExecutorService fetchExecutor = http ? Executors.newCachedThreadPool(fetchThreads) : null;
        ListFetcher fetcher = http ? new ListFetcher(settings, fetchExecutor) : null;
        RefreshScheduler given = settings.scheduler().orElse(null);
        ScheduledExecutorService own = given == null
                ? Executors.newSingleThreadScheduledExecutor(refreshThreads) : null;
        RefreshScheduler scheduler = given != null ? given
                : (task, delay) -> own.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        List<RangeSource> sources = new ArrayList<>();
        for (SourceSpec spec : parsed.sources()) {
            sources.add(new RangeSource(spec, settingName, settings, fetcher, listener));
        }
        LiveAddressSet live = new LiveAddressSet(settingName, parsed.fixed(), parsed.inline(), List.copyOf(sources),
                scheduler,
                own, fetchExecutor, fetcher, List.of(refreshThreads, fetchThreads), settings);
        for (RangeSource source : sources) {
            source.admission(live::admit);
        }
        try {
            for (RangeSource source : sources) {
                source.loadAtStart();
            }
        } catch (RuntimeException e) {
            live.close();
            throw e;
        }
        live.publish();
        for (RangeSource source : sources) {
            live.schedule(source, source.nextDelay());
        }
        return live;
    }

    /** The set in force: one volatile read, lock-free and allocation-free. */
    @Override
    public AddressSet get() {
        return current;
    }

    /** The setting this set was read from. */
    public String settingName() {
        return setting;
    }

    /** Whether the setting has no refreshed source (no thread was started). */
    public boolean isStatic() {
        return sources.isEmpty();
    }

    /** A status snapshot per source, in setting order; empty for a static set. */
    public List<SourceStatus> statuses() {
        List<SourceStatus> out = new ArrayList<>(sources.size());
        for (RangeSource source : sources) {
            out.add(source.status());
        }
        return List.copyOf(out);
    }

    /**
     * Every CIDR block in force with where it came from: each inline entry's blocks in setting order, then each
     * source's blocks with its redacted location and last fetch time. A block two entries cover is listed under
     * each. Reads the same snapshots as {@link #statuses()}: never waits on a refresh in progress.
     */
    public List<RangeOrigin> ranges() {
        List<RangeOrigin> out = new ArrayList<>();
        for (Map.Entry<String, AddressSet> entry : inline) {
            out.addAll(RangeOrigin.of(entry.getValue(), entry.getKey()));
        }
        for (RangeSource source : sources) {
            SourceStatus status = source.status();
            for (String cidr : source.current().cidrs()) {
                out.add(new RangeOrigin(cidr, status.source(), status.location(), status.lastSuccess(),
                        status.fromCache()));
            }
        }
        return List.copyOf(out);
    }

    /**
     * Refreshes every source now, on the calling thread, with the same validation as a scheduled refresh.
     * Never throws for a failed refresh: see {@link #statuses()}. Scheduled refreshes keep their times.
     */
    public void refreshNow() {
        if (closed) {
            return;
        }
        for (RangeSource source : sources) {
            source.refresh(); // a change is published by admit()
        }
    }

    /**
     * Stops the refresh and fetch threads and waits (up to 5 seconds each) until they have ended; the last
     * set stays readable. A {@link RefreshSettings#scheduler() scheduler} of your own is not shut down: the
     * refreshes this set has pending on it are cancelled. Idempotent. On JDK 21+ the HTTP client is closed too; on JDK 17 its internal
     * selector thread ends once the client is no longer referenced.
     */
    @Override
    public void close() {
        closed = true;
        if (ownScheduler != null) {
            ownScheduler.shutdownNow();
        }
        cancelPending();
        if (fetchExecutor != null) {
            fetchExecutor.shutdownNow();
        }
        if (fetcher != null) {
            fetcher.close();
        }
        try {
            for (DaemonThreads group : threads) {
                if (!group.join(5, TimeUnit.SECONDS)) {
                    log.warn("{}: OriginGuard refresh threads did not stop within 5 seconds", setting);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "LiveAddressSet[" + setting + ": " + current + ", " + sources.size() + " sources]";
    }

    // Under publishLock, so two sources refreshed at once cannot each pass against the other's old set.
    private void admit(RangeSource changed, AddressSet candidate, Runnable swap) throws RefreshFailure {
        synchronized (publishLock) {
            AddressSet.Builder union = AddressSet.builder().addAll(fixed).addAll(candidate);
            for (RangeSource source : sources) {
                if (source != changed) {
                    union.addAll(source.current());
                }
            }
            AddressSet next = union.build();
            ListValidation.checkSetting(next, fixed, settings, setting);
            swap.run();
            current = next;
        }
    }

    private void publish() {
        synchronized (publishLock) {
            AddressSet.Builder union = AddressSet.builder().addAll(fixed);
            for (RangeSource source : sources) {
                union.addAll(source.current());
            }
            current = union.build();
        }
    }

    private void schedule(RangeSource source, Duration delay) {
        if (closed) {
            return;
        }
        try {
            pending.put(source, scheduler.schedule(() -> runScheduled(source), delay));
        } catch (RejectedExecutionException e) {
            if (!closed) {
                log.error("{}: the refresh scheduler refused a task; source '{}' is no longer refreshed", setting,
                        source.status().source());
            }
            return;
        }
        if (closed) { // close() may have cancelled before this put
            cancelPending();
        }
    }

    private void cancelPending() {
        for (RangeSource source : sources) {
            Future<?> next = pending.remove(source);
            if (next != null) {
                next.cancel(false);
            }
        }
    }

    private void runScheduled(RangeSource source) {
        if (closed) {
            return;
        }
        try {
            source.refresh(); // a change is published by admit()
        } catch (RuntimeException | Error e) {
            log.error("{}: unexpected error refreshing a source; will retry", setting, e);
        } finally {
            schedule(source, source.nextDelay());
        }
    }
}
