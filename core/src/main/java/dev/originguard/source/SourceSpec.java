package dev.originguard.source;

import dev.originguard.internal.Redaction;
import java.net.URI;
import java.nio.file.Path;

/**
 * One range source named in a setting, resolved: its format, selector and where to read it.
 *
 * @param text     the entry as written, e.g. {@code azure:AzureFrontDoor.Backend@file:/data/tags.json}; may
 *                 hold credentials (user info, a signed query): show {@link #shownText()} instead
 * @param format   how the document is parsed
 * @param selector AWS service or Azure tag; null for other formats
 * @param uri      the URL to fetch, or null for a file
 * @param file     the file to read, or null for a URL
 */
record SourceSpec(String text, ListFormat format, String selector, URI uri, Path file) {

    /** The URL or file, for messages and status, with credentials redacted. */
    String location() {
        return uri != null ? Redaction.redact(uri.toString()) : "file:" + file;
    }

    /** The entry as written, with credentials redacted: the only form logged or reported. */
    String shownText() {
        return Redaction.redact(text);
    }

    /** {@code message} with any raw credential-bearing form of this source's location redacted. */
    String scrub(String message) {
        if (message == null || uri == null) {
            return message;
        }
        String out = message.replace(text, shownText()).replace(uri.toString(), location());
        if (uri.getRawUserInfo() != null) {
            out = out.replace(uri.getRawUserInfo(), "***");
        }
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            out = out.replace(uri.getRawQuery(), Redaction.redact("x://h?" + uri.getRawQuery()).substring(6));
        }
        return Redaction.redact(out);
    }
}
