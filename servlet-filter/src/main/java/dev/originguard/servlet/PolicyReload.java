package dev.originguard.servlet;

import dev.originguard.event.OriginGuardListener;
import dev.originguard.event.PolicyChanged;
import dev.originguard.event.PolicyRefused;
import dev.originguard.internal.Listeners;
import dev.originguard.internal.LogText;
import dev.originguard.settings.Setting;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A filter's policy file in force: the source it is read from, its last read (version, errors, counts) and the
 * all-or-nothing reload that builds the next settings or keeps the current ones. The filter owns the swap and
 * the lifecycle lock; this class decides what to swap in. Not thread-safe: the filter calls {@link #reload}
 * under its lifecycle lock; {@link #status()} reads one volatile record and never waits.
 */
final class PolicyReload {

    private static final Logger log = LoggerFactory.getLogger(OriginGuardFilter.class);

    /** A reload's result: the settings to swap in, and the event to publish once they are in force. */
    record Swap(FilterSettings next, PolicyChanged changed) {
    }

    /** The policy file's last read, replaced whole. {@code lastSeen}: the hash of the last version read. */
    private record Record(Map<Setting, String> texts, String sha256, String lastSeen, Instant loadedAt,
            Instant lastChecked, String lastError, Instant lastErrorAt, long reloads, long refusals) {

        Record checked(Instant now) {
            return new Record(texts, sha256, lastSeen, loadedAt, now, lastError, lastErrorAt, reloads, refusals);
        }
    }

    private final PolicySource source;
    private final OriginGuardListener listener;
    private volatile Record record;

    /** The policy of {@code loaded}, just read from {@code source} and started. */
    PolicyReload(PolicySource source, PolicySource.Loaded loaded, OriginGuardListener listener) {
        this.source = source;
        this.listener = listener;
        Instant now = Instant.now();
        this.record = new Record(loaded.texts(), loaded.sha256(), loaded.sha256(), now, now, null, null, 0, 0);
    }

    PolicySource source() {
        return source;
    }

    OriginGuardStatus.PolicyStatus status() {
        Record r = record;
        return new OriginGuardStatus.PolicyStatus(source.file().toString(), r.sha256(), r.loadedAt(),
                r.lastChecked(), r.lastError(), r.lastErrorAt(), r.reloads(), r.refusals());
    }

    /**
     * Reads the file again (a poll, {@code force} false, only when its bytes differ from the last read; an
     * explicit reload otherwise) and, when every setting is accepted and its sources load, returns the settings
     * to swap in. A refused file is recorded, logged and told to the listener, and null is returned: the
     * policy in force stays.
     */
    Swap reload(String filterName, boolean force) {
        Record r = record;
        Instant now = Instant.now();
        String seen = source.fingerprint();
        if (!force && Objects.equals(seen, r.lastSeen())) {
            record = r.checked(now);
            return null;
        }
        PolicySource.Loaded loaded;
        FilterSettings next;
        try {
            loaded = source.load();
            if (loaded.sha256().equals(r.sha256())) {
                // Back to the version in force (a refused edit undone): nothing to swap, nothing pending.
                record = new Record(r.texts(), r.sha256(), r.sha256(), r.loadedAt(), now, null, null, r.reloads(),
                        r.refusals());
                return null;
            }
            next = FilterSettings.assemble(loaded.settings(), listener);
        } catch (RuntimeException e) {
            String error = LogText.escape(e.getMessage());
            record = new Record(r.texts(), r.sha256(), seen, r.loadedAt(), now, error, now, r.reloads(),
                    r.refusals() + 1);
            log.warn("OriginGuardFilter '{}': policy file {} changed but is refused, keeping the last good "
                    + "policy (sha256 {}): {}", filterName, LogText.escape(source.file()), shortHash(r.sha256()),
                    error);
            Listeners.tell(listener, new PolicyRefused(source.file().toString(), now, seen, error));
            return null;
        }
        List<PolicyChanged.SettingChange> changes = PolicyDiff.between(r.texts(), loaded.texts());
        record = new Record(loaded.texts(), loaded.sha256(), loaded.sha256(), now, now, null, null,
                r.reloads() + 1, r.refusals());
        log.info("OriginGuardFilter '{}': policy file {} reloaded (sha256 {} -> {}): {}", filterName,
                LogText.escape(source.file()), shortHash(r.sha256()), shortHash(loaded.sha256()),
                PolicyDiff.summary(changes));
        return new Swap(next, new PolicyChanged(source.file().toString(), now, loaded.sha256(), changes));
    }

    private static String shortHash(String sha256) {
        return sha256 == null || sha256.length() < 12 ? String.valueOf(sha256) : sha256.substring(0, 12);
    }
}
