package dev.originguard.source;

import dev.originguard.internal.Sha256;
import dev.originguard.AddressSet;
import dev.originguard.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetches one range source once, with the validation of a refresh (status and content type, every entry, the
 * minimum prefixes, the address caps, and the drop and growth checks against a previous set), and gives the
 * set or the reason it is refused: for a scheduled job that keeps reviewed provider lists in version control
 * ({@code originguard-cli fetch}). Nothing is cached or scheduled.
 *
 * @param source    the source as written, redacted ({@code cloudflare}, {@code aws:CLOUDFRONT_ORIGIN_FACING@...})
 * @param location  the redacted URL or file read
 * @param set       the set the list holds
 * @param fetchedAt when it was read
 * @param bodySha256 the SHA-256 (hex) of the document as received, so a reviewer can match it to the provider's
 */
public record SourceFetch(String source, String location, AddressSet set, Instant fetchedAt, String bodySha256) {

    private static final AtomicInteger THREADS = new AtomicInteger();

    /** A result; every part required. */
    public SourceFetch {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        Objects.requireNonNull(bodySha256, "bodySha256");
    }

    /**
     * Reads or fetches {@code source} once and validates it.
     *
     * @param source   one range source, as in a setting: a provider name ({@code cloudflare},
     *                 {@code aws:CLOUDFRONT_ORIGIN_FACING@https://...}), {@code file:/path} or a URL
     * @param previous the last reviewed set, for the drop and growth checks; null for none
     * @throws ConfigurationException when {@code source} is not one range source, or its list is refused (the
     *                                reason, with the location redacted)
     */
    public static SourceFetch fetch(String source, AddressSet previous, RefreshSettings settings) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(settings, "settings");
        String where = "source";
        SourceSyntax.Parsed parsed = SourceSyntax.parse(source, where, settings);
        if (parsed.sources().size() != 1 || !parsed.fixed().isEmpty()) {
            throw new ConfigurationException(where, source, "is not one range source (a provider such as "
                    + "cloudflare, file:/path or https://...)");
        }
        SourceSpec spec = parsed.sources().get(0);
        ExecutorService executor = spec.uri() == null ? null
                : Executors.newCachedThreadPool(new DaemonThreads("originguard-fetch-", THREADS));
        try (ListFetcher fetcher = executor == null ? null : new ListFetcher(settings, executor)) {
            String body;
            Instant at = settings.clock().instant();
            if (spec.uri() != null) {
                Download download = fetcher.get(spec.uri(), null, null);
                spec.format().checkContentType(download.contentType(), spec.location());
                body = download.body();
            } else {
                body = read(spec, settings);
            }
            List<ListEntry> entries = spec.format().parse(body, spec.selector(), spec.location());
            AddressSet set = ListValidation.compile(entries, previous, settings, spec.location());
            ListValidation.checkSetting(set, AddressSet.empty(), settings, spec.shownText());
            return new SourceFetch(spec.shownText(), spec.location(), set, at, Sha256.hex(body));
        } catch (RefreshFailure e) {
            throw new ConfigurationException(spec.shownText(), spec.location(),
                    "is refused: " + spec.scrub(RangeSource.escapeControls(e.getMessage())));
        } finally {
            if (executor != null) {
                executor.shutdownNow();
            }
        }
    }

    private static String read(SourceSpec spec, RefreshSettings settings) throws RefreshFailure {
        try {
            long size = Files.size(spec.file());
            if (size > settings.maxBodyBytes()) {
                throw new RefreshFailure(spec.location() + ": " + size + " bytes, more than maxBodyBytes="
                        + settings.maxBodyBytes());
            }
            return ListFetcher.decode(Files.readAllBytes(spec.file()), spec.location());
        } catch (IOException e) {
            throw new RefreshFailure(spec.location() + ": cannot read: " + e, e);
        }
    }

    /**
     * A reviewed list as {@code originguard-cli fetch} writes it (or any text list: one entry a line,
     * {@code #} comments), validated as a list is.
     *
     * @throws ConfigurationException naming the file and line of a refused entry
     */
    public static AddressSet readList(Path file, RefreshSettings settings) {
        String location = "file:" + file;
        try {
            String text = ListFetcher.decode(Files.readAllBytes(file), location);
            return ListValidation.compile(ListFormat.text(text, location), null, settings, location);
        } catch (IOException e) {
            throw new ConfigurationException(location, "", "cannot be read: " + e);
        } catch (RefreshFailure e) {
            throw new ConfigurationException(location, "", "is refused: " + e.getMessage());
        }
    }

}
