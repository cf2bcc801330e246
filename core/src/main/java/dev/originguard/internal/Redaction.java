package dev.originguard.internal;

/**
 * Hides credentials in a location before it is shown anywhere (logs, errors, status, metric tags, cache
 * file headers): the user info of every {@code scheme://} authority becomes {@code ***}, and every query
 * parameter keeps its name but not its value ({@code ?sig=***&v=***}); a fragment becomes {@code #***}.
 * {@code https://user:pass@host/p?sig=S&v=1} is shown as {@code https://***@host/p?sig=***&v=***}, and a
 * Redis store {@code redis://:secret@host:6379/0} as {@code redis://***@host:6379/0}. Internal to OriginGuard,
 * not API: it may change in any release.
 */
public final class Redaction {

    private Redaction() {
    }

    /** {@code text} (a URL, a source entry such as {@code cloudflare@https://...}, or a message) redacted. */
    public static String redact(String text) {
        if (text == null || text.indexOf("://") < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int scheme = text.indexOf("://", i);
            if (scheme < 0) {
                out.append(text, i, text.length());
                break;
            }
            int start = scheme + 3;
            out.append(text, i, start);
            int end = start;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))
                    && text.charAt(end) != '\'' && text.charAt(end) != '"') {
                end++;
            }
            out.append(redactAfterScheme(text.substring(start, end)));
            i = end;
        }
        return out.toString();
    }

    // authority[/path][?query][#fragment], without the scheme
    private static String redactAfterScheme(String rest) {
        int authorityEnd = rest.length();
        for (int k = 0; k < rest.length(); k++) {
            char c = rest.charAt(k);
            if (c == '/' || c == '?' || c == '#') {
                authorityEnd = k;
                break;
            }
        }
        String authority = rest.substring(0, authorityEnd);
        int at = authority.lastIndexOf('@');
        StringBuilder out = new StringBuilder(rest.length());
        out.append(at >= 0 ? "***" + authority.substring(at) : authority);
        String tail = rest.substring(authorityEnd);
        int hash = tail.indexOf('#');
        String fragment = hash >= 0 ? tail.substring(hash) : "";
        String beforeFragment = hash >= 0 ? tail.substring(0, hash) : tail;
        int question = beforeFragment.indexOf('?');
        if (question < 0) {
            out.append(beforeFragment);
        } else {
            out.append(beforeFragment, 0, question + 1);
            String[] params = beforeFragment.substring(question + 1).split("&", -1);
            for (int p = 0; p < params.length; p++) {
                if (p > 0) {
                    out.append('&');
                }
                int eq = params[p].indexOf('=');
                out.append(eq >= 0 ? params[p].substring(0, eq + 1) + "***" : params[p].isEmpty() ? "" : "***");
            }
        }
        if (!fragment.isEmpty()) {
            out.append("#***");
        }
        return out.toString();
    }
}
