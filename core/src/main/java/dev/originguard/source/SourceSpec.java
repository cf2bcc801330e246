package dev.originguard.source;

import java.net.URI;
import java.nio.file.Path;

/**
 * One range source named in a setting, resolved: its format, selector and where to read it.
 *
 * @param text     the entry as written, e.g. {@code azure:AzureFrontDoor.Backend@file:/data/tags.json}
 * @param format   how the document is parsed
 * @param selector AWS service or Azure tag; null for other formats
 * @param uri      the URL to fetch, or null for a file
 * @param file     the file to read, or null for a URL
 */
record SourceSpec(String text, ListFormat format, String selector, URI uri, Path file) {

    /** The URL or file, for messages and status. */
    String location() {
        return uri != null ? uri.toString() : "file:" + file;
    }
}
