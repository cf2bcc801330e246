package dev.originguard.policy;

import dev.originguard.ConfigurationException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code .properties} text as {@link java.util.Properties#load(java.io.Reader)} does (comment lines
 * starting with {@code #} or {@code !}, continuation lines ending in an odd number of backslashes, the key
 * ending at the first unescaped {@code =}, {@code :} or white space, {@code \t \n \r \f \\uXXXX} escapes), but
 * keeping each key's line number and every occurrence of a key, which {@code Properties} loses: a refusal names
 * the line, and a key written twice is an error rather than the last one silently winning.
 */
final class PropertiesLines {

    private PropertiesLines() {
    }

    static List<WrittenValue> parse(String text, String file) {
        List<WrittenValue> out = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        int i = 0;
        while (i < lines.length) {
            int keyLine = i + 1;
            String first = stripLeading(lines[i]);
            i++;
            if (first.isEmpty() || first.charAt(0) == '#' || first.charAt(0) == '!') {
                continue;
            }
            StringBuilder logical = new StringBuilder();
            String current = first;
            while (true) {
                if (endsWithContinuation(current)) {
                    logical.append(current, 0, current.length() - 1);
                    if (i >= lines.length) {
                        break;
                    }
                    current = stripLeading(lines[i]);
                    i++;
                } else {
                    logical.append(current);
                    break;
                }
            }
            out.add(entry(logical.toString(), file, keyLine));
        }
        return out;
    }

    private static WrittenValue entry(String line, String file, int lineNumber) {
        int n = line.length();
        int keyEnd = 0;
        while (keyEnd < n) {
            char c = line.charAt(keyEnd);
            if (c == '\\') {
                keyEnd += 2;
                continue;
            }
            if (c == '=' || c == ':' || c == ' ' || c == '\t' || c == '\f') {
                break;
            }
            keyEnd++;
        }
        keyEnd = Math.min(keyEnd, n);
        int valueStart = keyEnd;
        while (valueStart < n && isBlank(line.charAt(valueStart))) {
            valueStart++;
        }
        if (valueStart < n && (line.charAt(valueStart) == '=' || line.charAt(valueStart) == ':')) {
            valueStart++;
            while (valueStart < n && isBlank(line.charAt(valueStart))) {
                valueStart++;
            }
        }
        String key = unescape(line.substring(0, keyEnd), file, lineNumber);
        String value = unescape(line.substring(valueStart), file, lineNumber);
        return new WrittenValue(key, value, lineNumber);
    }

    private static boolean endsWithContinuation(String line) {
        int backslashes = 0;
        for (int j = line.length() - 1; j >= 0 && line.charAt(j) == '\\'; j--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static String stripLeading(String line) {
        int j = 0;
        while (j < line.length() && isBlank(line.charAt(j))) {
            j++;
        }
        return line.substring(j);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\f';
    }

    private static String unescape(String s, String file, int line) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int j = 0; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c != '\\' || j + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char e = s.charAt(++j);
            switch (e) {
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    String hex = s.substring(j + 1, Math.min(j + 5, s.length()));
                    if (hex.length() < 4 || !hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                        throw badEscape(s, file, line);
                    }
                    out.append((char) Integer.parseInt(hex, 16));
                    j += 4;
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }

    private static ConfigurationException badEscape(String s, String file, int line) {
        return new ConfigurationException(file + ":" + line, s, "has a malformed \\uXXXX escape");
    }
}
