package dev.originguard.source;

import dev.originguard.AddressSet;
import dev.originguard.ConfigurationException;
import dev.originguard.internal.ThrottledLog;
import dev.originguard.event.OriginGuardListener;
import dev.originguard.event.RangesChanged;
import dev.originguard.event.RefreshFailed;
import dev.originguard.internal.Listeners;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One refreshed range source: its last good set, validators for conditional requests, cache file and
 * status. {@link #refresh()} is all-or-nothing and never throws: a refused list keeps the last good set.
 *
 * <p>Refreshes run one at a time (a second caller waits for the first to end, then runs its own). Readers
 * never wait on one: {@link #current()}, {@link #status()} and {@link #nextDelay()} read an immutable
 * {@link State} published (volatile) at the end of each refresh. Every location shown is redacted.
 *
 * <p>Times shown to people ({@code lastAttempt}, {@code lastSuccess}, the cache file's time) come from
 * {@link RefreshSettings#clock()}; the age of the set in force is measured with the monotonic
 * {@link RefreshSettings#ticker()}, so a step of the wall clock does not change it.
 */
final class RangeSource {

    private static final Logger log = LoggerFactory.getLogger(RangeSource.class);

    /** Checks a candidate set of one source against the whole setting and, if it passes, swaps it in. */
    interface Admission {

        /** Throws to refuse {@code candidate}; otherwise runs {@code swap} and publishes the setting's set. */
        void admit(RangeSource source, AddressSet candidate, Runnable swap) throws RefreshFailure;

        /** No whole-setting check: the swap just runs. */
        Admission NONE = (source, candidate, swap) -> swap.run();
    }

    /** Everything status and scheduling read: replaced whole, never mutated. */
    private record State(AddressSet current, Instant lastAttempt, Instant lastSuccess, long lastSuccessNanos,
            String lastError, int consecutiveFailures, long successes, long failures, boolean fromCache) {
    }

    /** The two readings of one moment: the wall-clock time shown, the ticker's nanoseconds measured. */
    private record Now(Instant instant, long nanos) {
    }

    private final SourceSpec spec;
    private final String setting;
    private final RefreshSettings settings;
    private final ListFetcher fetcher;
    private final CacheFile cache;
    private final Clock clock;
    private final LongSupplier ticker;
    private final ReentrantLock refreshLock = new ReentrantLock();
    private volatile Admission admission = Admission.NONE;
    // Told of swaps after the first load and of refused refreshes, after the state is published.
    private final OriginGuardListener listener;

    private volatile State state = new State(null, null, null, 0, null, 0, 0, 0, false);
    // Guarded by refreshLock: validators of the set in force.
    private String etag;
    private String lastModified;
    // Guarded by refreshLock: whether the cache file holds the set in force (else each success writes it).
    private boolean cacheCurrent;
    // Why the cache could not be written; null when it holds the set in force. Read by status().
    private volatile String cacheError;
    private final ThrottledLog cacheLog;

    RangeSource(SourceSpec spec, String setting, RefreshSettings settings, ListFetcher fetcher) {
        this(spec, setting, settings, fetcher, OriginGuardListener.NONE);
    }

    RangeSource(SourceSpec spec, String setting, RefreshSettings settings, ListFetcher fetcher,
            OriginGuardListener listener) {
        this.listener = listener;
        this.spec = spec;
        this.setting = setting;
        this.settings = settings;
        this.fetcher = fetcher;
        this.clock = settings.clock();
        this.ticker = settings.ticker();
        this.cache = spec.uri() != null && settings.cacheDirectory().isPresent()
                ? new CacheFile(settings.cacheDirectory().get(), spec) : null;
        this.cacheLog = new ThrottledLog(log, settings.interval());
    }

    /** Sets the whole-setting check run before each swap; before the first load. */
    void admission(Admission value) {
        admission = value;
    }

    /** The last good set; empty until one is loaded. */
    AddressSet current() {
        AddressSet set = state.current();
        return set == null ? AddressSet.empty() : set;
    }

    /**
     * First load, applying the start-up policy when it fails.
     *
     * @throws ConfigurationException when the policy says start-up fails
     */
    void loadAtStart() {
        refreshLock.lock();
        try {
            loadAtStartLocked();
        } finally {
            refreshLock.unlock();
        }
    }

    private void loadAtStartLocked() {
        checkCacheWritable();
        refresh();
        State s = state;
        if (s.lastSuccess() != null) {
            return;
        }
        String shown = spec.shownText();
        StartupPolicy policy = settings.startupPolicy();
        if (policy != StartupPolicy.FAIL && cache != null) {
            try {
                List<ListEntry> cached = cache.read();
                if (cached != null) {
                    AddressSet set = ListValidation.compile(cached, null, settings, "file:" + cache.path());
                    admission.admit(this, set, () -> state = new State(set, s.lastAttempt(), null, 0,
                            s.lastError(), s.consecutiveFailures(), s.successes(), s.failures(), true));
                    cacheCurrent = true;
                    log.warn("{}: source '{}' could not be loaded at start-up ({}); STARTING FROM THE CACHE FILE {} "
                            + "({} CIDR blocks, last modified {}); retrying with backoff", setting, shown,
                            s.lastError(), cache.path(), set.cidrs().size(), lastModifiedOf(cache));
                    return;
                }
            } catch (RefreshFailure e) {
                log.error("{}: source '{}': the cache file is unusable: {}", setting, shown,
                        spec.scrub(escapeControls(e.getMessage())));
            }
        }
        if (policy == StartupPolicy.CACHE_ELSE_EMPTY) {
            state = new State(AddressSet.empty(), s.lastAttempt(), null, 0, s.lastError(), s.consecutiveFailures(),
                    s.successes(), s.failures(), false);
            log.error("{}: source '{}' could not be loaded at start-up ({}) and has no usable cache; STARTING WITH "
                    + "NO RANGES FROM THIS SOURCE (startupPolicy=CACHE_ELSE_EMPTY); retrying with backoff",
                    setting, shown, s.lastError());
            return;
        }
        throw new ConfigurationException(setting, shown, StartupPolicy.LOAD_FAILED + ": " + s.lastError()
                + (cache == null ? "" : "; no usable cache file at " + cache.path())
                + " (startupPolicy=" + policy + "; CACHE_ELSE_EMPTY starts without it)");
    }

    /**
     * Fetches or reads the list once and swaps it in if it passes validation (this source's and the whole
     * setting's). Waits for a refresh already running on another thread to end first.
     *
     * @return whether the set in force changed
     */
    boolean refresh() {
        refreshLock.lock();
        try {
            return refreshLocked();
        } finally {
            refreshLock.unlock();
        }
    }

    private boolean refreshLocked() {
        Now now = new Now(clock.instant(), ticker.getAsLong());
        State s = state;
        AddressSet previous = s.current();
        try {
            // Validators only with a good set to keep: a 304 to them means "keep it".
            boolean haveSet = previous != null && !previous.isEmpty();
            Download download = spec.uri() != null
                    ? fetcher.get(spec.uri(), haveSet ? etag : null, haveSet ? lastModified : null) : readFile();
            if (download.notModified()) {
                if (!haveSet) {
                    throw new RefreshFailure(spec.location() + ": not modified, but there is no previous good set");
                }
                state = succeeded(s, previous, now);
                log.debug("{}: source '{}' not modified", setting, spec.shownText());
                keepCache(previous, now);
                return false;
            }
            spec.format().checkContentType(download.contentType(), spec.location());
            List<ListEntry> entries = spec.format().parse(download.body(), spec.selector(), spec.location());
            AddressSet next = ListValidation.compile(entries, previous, settings, spec.location());
            if (next.equals(previous)) {
                etag = download.etag();
                lastModified = download.lastModified();
                state = succeeded(s, previous, now);
                keepCache(previous, now);
                return false;
            }
            admission.admit(this, next, () -> state = succeeded(s, next, now));
            etag = download.etag();
            lastModified = download.lastModified();
            RangeDiff diff = RangeDiff.between(previous, next);
            log.info("{}: source '{}' ({}) {}: {} CIDR blocks now, {}", setting, spec.shownText(), spec.location(),
                    previous == null ? "loaded" : "changed", next.cidrs().size(), diff.summary());
            cacheCurrent = false;
            keepCache(next, now);
            if (previous != null) {
                Listeners.tell(listener, new RangesChanged(setting, spec.shownText(), spec.location(),
                        now.instant(), diff.added(), diff.removed()));
            }
            return true;
        } catch (RefreshFailure e) {
            failed(s, now, e.getMessage());
        } catch (RuntimeException e) {
            failed(s, now, spec.location() + ": " + e);
        }
        return false;
    }

    private Download readFile() throws RefreshFailure {
        try {
            long size = Files.size(spec.file());
            if (size > settings.maxBodyBytes()) {
                throw new RefreshFailure(spec.location() + ": " + size + " bytes, more than maxBodyBytes="
                        + settings.maxBodyBytes());
            }
            return new Download(false, ListFetcher.decode(Files.readAllBytes(spec.file()), spec.location()),
                    null, null, null);
        } catch (IOException e) {
            throw new RefreshFailure(spec.location() + ": cannot read: " + e, e);
        }
    }

    private static State succeeded(State s, AddressSet set, Now now) {
        return new State(set, now.instant(), now.instant(), now.nanos(), null, 0, s.successes() + 1, s.failures(),
                false);
    }

    private void failed(State s, Now now, String rawMessage) {
        // Refusals quote what the provider sent; a line break there could forge a log line or status.
        String message = spec.scrub(escapeControls(rawMessage));
        State after = state; // the cache may have been admitted meanwhile by loadAtStart; keep its set
        state = new State(after.current(), now.instant(), after.lastSuccess(), after.lastSuccessNanos(), message,
                s.consecutiveFailures() + 1,
                after.successes(), s.failures() + 1, after.fromCache());
        log.warn("{}: source '{}' refresh refused, keeping the last good set ({} CIDR blocks): {}", setting,
                spec.shownText(), current().cidrs().size(), message);
        Listeners.tell(listener, new RefreshFailed(setting, spec.shownText(), spec.location(), now.instant(),
                message));
    }

    /** {@code text} with every control character written as a Java escape ({@code \\n}, {@code \\u001b}). */
    static String escapeControls(String text) {
        return dev.originguard.internal.LogText.escape(text);
    }

    /*
     * After every success, changed or not: writes the set unless the cache already holds it, so a directory
     * that became unwritable shows (cacheError, a throttled WARN) even while the lists stay the same.
     */
    private void keepCache(AddressSet set, Now now) {
        if (cache == null || cacheCurrent && Files.exists(cache.path())) {
            return;
        }
        try {
            cache.write(spec, set.cidrs(), now.instant());
            cacheCurrent = true;
            cacheWritten();
        } catch (IOException | RuntimeException e) {
            cacheFailed("cannot write the cache file " + cache.path() + ": " + e);
        }
    }

    // At start-up, before any set: a cold start must not be the first to find the cache unwritable.
    private void checkCacheWritable() {
        if (cache == null) {
            return;
        }
        try {
            cache.checkWritable();
            cacheWritten();
        } catch (IOException | RuntimeException e) {
            cacheFailed("the cache directory " + cache.path().getParent() + " is not writable: " + e);
        }
    }

    private void cacheWritten() {
        if (cacheError != null) {
            log.info("{}: source '{}': the cache file {} is written again", setting, spec.shownText(), cache.path());
        }
        cacheError = null;
    }

    private void cacheFailed(String rawMessage) {
        String message = spec.scrub(escapeControls(rawMessage));
        cacheError = message;
        long suppressed = cacheLog.permit();
        if (suppressed >= 0) {
            log.warn("{}: source '{}': {}; a cold start without network will not have this set (status shows "
                    + "cacheError){}", setting, spec.shownText(), message,
                    suppressed == 0 ? "" : " (" + suppressed + " similar lines suppressed since the last one)");
        }
    }

    /** The delay before the next scheduled attempt: the interval, or exponential backoff after failures. */
    Duration nextDelay() {
        State s = state;
        Duration base;
        if (s.consecutiveFailures() == 0 && !s.fromCache() && s.lastSuccess() != null) {
            base = settings.interval();
        } else {
            int doublings = Math.min(Math.max(s.consecutiveFailures() - 1, 0), 30);
            long millis = settings.initialBackoff().toMillis();
            for (int i = 0; i < doublings && millis < settings.maxBackoff().toMillis(); i++) {
                millis *= 2;
            }
            base = Duration.ofMillis(Math.min(millis, settings.maxBackoff().toMillis()));
        }
        double factor = 1 + settings.jitter() * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
        return Duration.ofMillis(Math.max(1, (long) (base.toMillis() * factor)));
    }

    /** The status as of the end of the last refresh; never waits on a refresh in progress. */
    SourceStatus status() {
        State s = state;
        long nowNanos = ticker.getAsLong();
        return new SourceStatus(spec.shownText(), spec.location(), s.lastAttempt(), s.lastSuccess(), s.lastError(),
                s.consecutiveFailures(), s.current() == null ? 0 : s.current().cidrs().size(),
                s.lastSuccess() == null ? null : Duration.ofNanos(Math.max(0, nowNanos - s.lastSuccessNanos())), s.fromCache(),
                s.successes(), s.failures(), cacheError);
    }

    private static Object lastModifiedOf(CacheFile cache) {
        try {
            return Files.getLastModifiedTime(cache.path());
        } catch (IOException e) {
            return "unknown";
        }
    }
}
