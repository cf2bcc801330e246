package dev.originguard.source;

import dev.originguard.AddressSet;
import dev.originguard.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One refreshed range source: its last good set, validators for conditional requests, cache file and
 * status. {@link #refresh()} is all-or-nothing and never throws: a refused list keeps the last good set.
 */
final class RangeSource {

    private static final Logger log = LoggerFactory.getLogger(RangeSource.class);

    private final SourceSpec spec;
    private final String setting;
    private final RefreshSettings settings;
    private final ListFetcher fetcher;
    private final CacheFile cache;
    private final Clock clock;

    // Guarded by this; current is volatile so the owner can union it without locking.
    private volatile AddressSet current;
    private String etag;
    private String lastModified;
    private Instant lastAttempt;
    private Instant lastSuccess;
    private String lastError;
    private int consecutiveFailures;
    private long successes;
    private long failures;
    private boolean fromCache;

    RangeSource(SourceSpec spec, String setting, RefreshSettings settings, ListFetcher fetcher, Clock clock) {
        this.spec = spec;
        this.setting = setting;
        this.settings = settings;
        this.fetcher = fetcher;
        this.clock = clock;
        this.cache = spec.uri() != null && settings.cacheDirectory().isPresent()
                ? new CacheFile(settings.cacheDirectory().get(), spec) : null;
    }

    /** The last good set; empty until one is loaded. */
    AddressSet current() {
        AddressSet set = current;
        return set == null ? AddressSet.empty() : set;
    }

    /**
     * First load, applying the start-up policy when it fails.
     *
     * @throws ConfigurationException when the policy says start-up fails
     */
    synchronized void loadAtStart() {
        if (refresh()) {
            return;
        }
        if (lastSuccess != null) {
            return;
        }
        StartupPolicy policy = settings.startupPolicy();
        if (policy != StartupPolicy.FAIL && cache != null) {
            try {
                List<ListEntry> cached = cache.read();
                if (cached != null) {
                    current = ListValidation.compile(cached, null, settings, "file:" + cache.path());
                    fromCache = true;
                    log.warn("{}: source '{}' could not be loaded at start-up ({}); STARTING FROM THE CACHE FILE {} "
                            + "({} CIDR blocks, last modified {}); retrying with backoff", setting, spec.text(),
                            lastError, cache.path(), current.cidrs().size(), lastModifiedOf(cache));
                    return;
                }
            } catch (RefreshFailure e) {
                log.error("{}: source '{}': the cache file is unusable: {}", setting, spec.text(), e.getMessage());
            }
        }
        if (policy == StartupPolicy.CACHE_ELSE_EMPTY) {
            current = AddressSet.empty();
            log.error("{}: source '{}' could not be loaded at start-up ({}) and has no usable cache; STARTING WITH "
                    + "NO RANGES FROM THIS SOURCE (startupPolicy=CACHE_ELSE_EMPTY); retrying with backoff",
                    setting, spec.text(), lastError);
            return;
        }
        throw new ConfigurationException(setting, spec.text(), StartupPolicy.LOAD_FAILED + ": " + lastError
                + (cache == null ? "" : "; no usable cache file at " + cache.path())
                + " (startupPolicy=" + policy + "; CACHE_ELSE_EMPTY starts without it)");
    }

    /**
     * Fetches or reads the list once and swaps it in if it passes validation.
     *
     * @return whether the set in force changed
     */
    synchronized boolean refresh() {
        Instant now = clock.instant();
        lastAttempt = now;
        try {
            Download download = spec.uri() != null ? fetcher.get(spec.uri(), etag, lastModified) : readFile();
            if (download.notModified()) {
                succeeded(now);
                log.debug("{}: source '{}' not modified", setting, spec.text());
                return false;
            }
            spec.format().checkContentType(download.contentType(), spec.location());
            List<ListEntry> entries = spec.format().parse(download.body(), spec.selector(), spec.location());
            AddressSet previous = current;
            AddressSet next = ListValidation.compile(entries, previous, settings, spec.location());
            etag = download.etag();
            lastModified = download.lastModified();
            succeeded(now);
            if (next.equals(previous)) {
                return false;
            }
            current = next;
            RangeDiff diff = RangeDiff.between(previous, next);
            log.info("{}: source '{}' ({}) {}: {} CIDR blocks now, {}", setting, spec.text(), spec.location(),
                    previous == null ? "loaded" : "changed", next.cidrs().size(), diff.summary());
            writeCache(next, now);
            return true;
        } catch (RefreshFailure e) {
            failed(e.getMessage());
        } catch (RuntimeException e) {
            failed(spec.location() + ": " + e);
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

    private void succeeded(Instant now) {
        lastSuccess = now;
        successes++;
        lastError = null;
        consecutiveFailures = 0;
        fromCache = false;
    }

    private void failed(String rawMessage) {
        // Refusals quote what the provider sent; a line break there could forge a log line or status.
        String message = escapeControls(rawMessage);
        lastError = message;
        consecutiveFailures++;
        failures++;
        log.warn("{}: source '{}' refresh refused, keeping the last good set ({} CIDR blocks): {}", setting,
                spec.text(), current().cidrs().size(), message);
    }

    /** {@code text} with every control character written as a Java escape ({@code \\n}, {@code \\u001b}). */
    static String escapeControls(String text) {
        return dev.originguard.internal.LogText.escape(text);
    }

    private void writeCache(AddressSet set, Instant now) {
        if (cache == null) {
            return;
        }
        try {
            cache.write(spec, set.cidrs(), now);
        } catch (IOException | RuntimeException e) {
            log.warn("{}: source '{}': cannot write the cache file {}: {}", setting, spec.text(), cache.path(), e);
        }
    }

    /** The delay before the next scheduled attempt: the interval, or exponential backoff after failures. */
    synchronized Duration nextDelay() {
        Duration base;
        if (consecutiveFailures == 0 && !fromCache && lastSuccess != null) {
            base = settings.interval();
        } else {
            int doublings = Math.min(Math.max(consecutiveFailures - 1, 0), 30);
            long millis = settings.initialBackoff().toMillis();
            for (int i = 0; i < doublings && millis < settings.maxBackoff().toMillis(); i++) {
                millis *= 2;
            }
            base = Duration.ofMillis(Math.min(millis, settings.maxBackoff().toMillis()));
        }
        double factor = 1 + settings.jitter() * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
        return Duration.ofMillis(Math.max(1, (long) (base.toMillis() * factor)));
    }

    synchronized SourceStatus status() {
        Instant now = clock.instant();
        return new SourceStatus(spec.text(), spec.location(), lastAttempt, lastSuccess, lastError,
                consecutiveFailures, current().cidrs().size(),
                lastSuccess == null ? null : Duration.between(lastSuccess, now), fromCache, successes, failures);
    }

    private static Object lastModifiedOf(CacheFile cache) {
        try {
            return Files.getLastModifiedTime(cache.path());
        } catch (IOException e) {
            return "unknown";
        }
    }
}
