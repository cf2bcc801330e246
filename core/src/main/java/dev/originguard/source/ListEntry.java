package dev.originguard.source;

/**
 * One entry read from a range list, with where it was read: {@code file:/path:12},
 * {@code https://host/list line 3} or {@code https://host/ip-ranges.json prefixes[7]}.
 */
record ListEntry(String value, String where) {
}
