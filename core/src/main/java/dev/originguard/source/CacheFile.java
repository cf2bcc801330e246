package dev.originguard.source;

import dev.originguard.internal.FileReplacement;
import dev.originguard.internal.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The last good set of one source on disk: a text list (one CIDR a line, {@code #} header lines), written
 * to a temporary file in the same directory and moved into place atomically, so a crash never leaves a
 * half-written cache. Read back through the same parser and validation as a fetched list, including the
 * checks of the merged set.
 *
 * <p>The file is named by the SHA-256 (hex) of the source entry as written, full location included, so
 * neither a credential in the URL nor a readable fragment of it reaches a directory listing; its header
 * lines show the entry and location redacted. Files named the earlier way (a readable prefix of the entry plus a short hash) are not read.
 */
final class CacheFile {

    private final Path path;

    CacheFile(Path directory, SourceSpec spec) {
        this.path = directory.resolve(fileName(spec));
    }

    Path path() {
        return path;
    }

    /** The cached entries, or null when there is no cache file. */
    List<ListEntry> read() throws RefreshFailure {
        try {
            byte[] bytes = Files.readAllBytes(path);
            return ListFormat.text(ListFetcher.decode(bytes, "file:" + path), "file:" + path);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new RefreshFailure("file:" + path + ": cannot read the cache: " + e, e);
        }
    }

    void write(SourceSpec spec, List<String> cidrs, Instant when) throws IOException {
        Files.createDirectories(path.getParent());
        StringBuilder text = new StringBuilder()
                .append("# OriginGuard cache: last good set of source ").append(spec.shownText()).append('\n')
                .append("# from ").append(spec.location()).append('\n')
                .append("# saved ").append(when).append('\n');
        for (String cidr : cidrs) {
            text.append(cidr).append('\n');
        }
        FileReplacement.write(path, text);
    }

    /**
     * Checks that a cache file can be written, by creating the directory if missing and a temporary file in it,
     * without touching the cache file itself: at start-up, before a set is there to write.
     */
    void checkWritable() throws IOException {
        Files.createDirectories(path.getParent());
        Files.delete(Files.createTempFile(path.getParent(), path.getFileName().toString(), ".probe"));
    }

    // A hash of the whole entry: two sources never share a file, and no part of a URL shows in the name.
    static String fileName(SourceSpec spec) {
        return "originguard-" + Sha256.hex(spec.text()) + ".txt";
    }
}
