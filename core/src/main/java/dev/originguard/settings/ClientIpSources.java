package dev.originguard.settings;

import dev.originguard.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The value of {@code clientIpSources}: client-IP headers in order, each bound to the proxies that set it,
 * written {@code <header> from <proxies>} and separated by {@code ;} or line breaks, e.g.
 * {@code CF-Connecting-IP from cloudflare; X-Forwarded-For from 10.0.0.0/8, cloudflare}. The proxies take
 * the syntax of {@code trustedProxies} (addresses, CIDRs, presets, range sources). Every source's proxies are
 * trusted; at each trusted hop the walk reads the first source, in this order, whose proxies hold the hop
 * and whose header is present (see docs/providers.md). Immutable; default: none, so {@code clientIpHeader}
 * and {@code clientIpHeaderFrom} apply.
 */
public final class ClientIpSources {

    /** One source: a header and the proxies whose copy of it is read. */
    public record Source(String header, AddressEntries from) {

        /** A source; {@code header} is a valid header name, {@code from} not none. */
        public Source {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(from, "from");
        }

        /** The name under which this source's address set is started, logged and shown in status. */
        public String setName() {
            return Setting.CLIENT_IP_SOURCES.key() + "[" + header + "]";
        }
    }

    private final List<Source> sources;
    private final String text;

    private ClientIpSources(List<Source> sources, String text) {
        this.sources = List.copyOf(sources);
        this.text = text;
    }

    /**
     * The sources written in {@code text}, or null when it is blank or {@code none}.
     *
     * @throws ConfigurationException naming {@code clientIpSources}, the source and why
     */
    public static ClientIpSources parse(String text) {
        Objects.requireNonNull(text, Setting.CLIENT_IP_SOURCES.key());
        if (text.isBlank() || text.strip().equalsIgnoreCase("none")) {
            return null;
        }
        String key = Setting.CLIENT_IP_SOURCES.key();
        List<Source> sources = new ArrayList<>();
        for (String part : text.split("[;\\r\\n]+")) {
            String source = part.strip();
            if (source.isEmpty()) {
                continue;
            }
            String[] words = source.split("\\s+", 3);
            if (words.length < 2 || !words[1].toLowerCase(Locale.ROOT).equals("from")) {
                throw new ConfigurationException(key, source, "is not '<header> from <proxies>', such as "
                        + "'CF-Connecting-IP from cloudflare'; separate sources with ';'");
            }
            if (words.length < 3 || words[2].replace(',', ' ').isBlank()) {
                throw new ConfigurationException(key, source, "names no proxies after 'from': a header is read "
                        + "only from the proxies that set it");
            }
            String header = TrustSettings.headerName(Setting.CLIENT_IP_SOURCES, words[0]);
            if (header == null) {
                throw new ConfigurationException(key, source, "names no header");
            }
            for (Source known : sources) {
                if (known.header().equalsIgnoreCase(header)) {
                    throw new ConfigurationException(key, source, "names " + header + " a second time: give each "
                            + "header once, with every proxy that sets it");
                }
            }
            sources.add(new Source(header, AddressEntries.of(words[2].strip())));
        }
        return sources.isEmpty() ? null : new ClientIpSources(sources, text.strip());
    }

    /** The sources, in the order the walk consults them. */
    public List<Source> sources() {
        return sources;
    }

    @Override
    public String toString() {
        return text;
    }
}
