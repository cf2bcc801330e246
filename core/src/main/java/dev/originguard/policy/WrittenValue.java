package dev.originguard.policy;

/**
 * One key and value as a file wrote them, with the line the key is on (1-based).
 *
 * @param key   the key as written, flattened for YAML ({@code originguard.rate-limit.limits})
 * @param value the value's text, continuation lines and escapes resolved
 * @param line  the line of the key
 */
record WrittenValue(String key, String value, int line) {
}
