package dev.originguard.source;

import dev.originguard.internal.Redaction;
import dev.originguard.AddressSet;
import dev.originguard.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a range setting: entries separated by commas and/or whitespace, each one of
 * <ul>
 *   <li>an address, CIDR, {@code first-last} range or preset ({@code loopback}, {@code private},
 *       {@code linklocal}, {@code cgnat}, {@code google-lb}): compiled once, never refreshed;</li>
 *   <li>{@code file:/path} or {@code https://host/path}: a text list, one entry a line;</li>
 *   <li>a provider {@code name[:selector][@location]}, e.g. {@code cloudflare}, {@code aws:CLOUDFRONT},
 *       {@code azure:AzureFrontDoor.Backend@file:/data/ServiceTags_Public.json}. The location is
 *       {@code file:...} or {@code https://...} and defaults to the provider's official URL where it
 *       has one. A trailing {@code !} on the selector forces a selector refused by default
 *       ({@code aws:EC2!}).</li>
 * </ul>
 * See docs/range-sources.md. Errors show a URL with its user info and query values redacted
 * ({@link Redaction}).
 */
final class SourceSyntax {

    /** A provider: its format, official URL (null when there is none) and default selector. */
    private record Provider(ListFormat format, String url, String defaultSelector, String noUrlHelp) {
    }

    private static final Map<String, Provider> PROVIDERS = new TreeMap<>(Map.of(
            "cloudflare", new Provider(ListFormat.CLOUDFLARE, "https://api.cloudflare.com/client/v4/ips", null, null),
            "aws", new Provider(ListFormat.AWS, "https://ip-ranges.amazonaws.com/ip-ranges.json",
                    "CLOUDFRONT_ORIGIN_FACING", null),
            "aws-cloudfront", new Provider(ListFormat.AWS, "https://ip-ranges.amazonaws.com/ip-ranges.json",
                    "CLOUDFRONT_ORIGIN_FACING", null),
            "fastly", new Provider(ListFormat.FASTLY, "https://api.fastly.com/public-ip-list", null, null),
            "akamai", new Provider(ListFormat.TEXT, null, null,
                    "Akamai publishes its origin IP ACL list in its documentation and Control Center, not at a "
                            + "public URL: keep it in a file, e.g. akamai@file:/etc/originguard/akamai.txt"),
            "edgeone", new Provider(ListFormat.TEXT, null, null,
                    "Tencent EdgeOne's public list (api.edgeone.ai/ips) is retired and answers 0.0.0.0/0; "
                            + "export your zone's origin-protection ranges to a file or mirror, e.g. "
                            + "edgeone@file:/etc/originguard/edgeone.txt"),
            "azure", new Provider(ListFormat.AZURE, null, "AzureFrontDoor.Backend",
                    "Azure publishes service tags as a weekly file with a changing name: download "
                            + "ServiceTags_Public_YYYYMMDD.json and name it, e.g. "
                            + "azure:AzureFrontDoor.Backend@file:/data/ServiceTags_Public.json"),
            "alibaba-waf", new Provider(ListFormat.ALIBABA_WAF, null, null,
                    "Alibaba Cloud returns the WAF back-to-origin list only from its signed "
                            + "DescribeWafSourceIpSegment API: save the response and name it, e.g. "
                            + "alibaba-waf@file:/etc/originguard/waf-source-ips.json"),
            "alibaba-ddos", new Provider(ListFormat.ALIBABA_DDOS, null, null,
                    "Alibaba Cloud returns Anti-DDoS back-to-origin CIDRs only from its signed "
                            + "DescribeBackSourceCidr API: save the response and name it, e.g. "
                            + "alibaba-ddos@file:/etc/originguard/ddos-back-source.json")));

    /** Names that look like providers but must not be used as one, with the reason. */
    private static final Map<String, String> REFUSED = Map.of(
            "google", "Google's cloud.json lists ranges of customer VMs, not proxies: anyone can rent them. "
                    + "For Google Cloud load balancers use the preset google-lb",
            "gcp", "Google's cloud.json lists ranges of customer VMs, not proxies: anyone can rent them. "
                    + "For Google Cloud load balancers use the preset google-lb",
            "alibaba-antibot", "Alibaba Cloud Anti-Bot shows its service IPs only in its console: copy them into a "
                    + "text file your security team owns and name it, e.g. file:/etc/originguard/antibot.txt");

    /** AWS services any customer can rent addresses from; trusting them trusts strangers. */
    private static final Set<String> RENTABLE_AWS_SERVICES = Set.of("AMAZON", "EC2");

    /** The parsed setting: its fixed part, each inline entry with its set, and the sources to load and refresh. */
    record Parsed(AddressSet fixed, List<Map.Entry<String, AddressSet>> inline, List<SourceSpec> sources) {
    }

    private SourceSyntax() {
    }

    static Parsed parse(String value, String setting, RefreshSettings settings) {
        AddressSet.Builder fixed = AddressSet.builder();
        List<Map.Entry<String, AddressSet>> inline = new ArrayList<>();
        List<SourceSpec> sources = new ArrayList<>();
        for (String token : value.split("[,\\s]+")) {
            if (token.isEmpty()) {
                continue;
            }
            SourceSpec spec = source(token, setting, settings);
            if (spec != null) {
                sources.add(spec);
            } else {
                AddressSet one = entry(token, setting);
                fixed.addAll(one);
                inline.add(Map.entry(token, one));
            }
        }
        return new Parsed(fixed.build(), List.copyOf(inline), List.copyOf(sources));
    }

    /** The source a token names, or null when it is a plain entry. */
    private static SourceSpec source(String token, String setting, RefreshSettings settings) {
        String lower = token.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:") || lower.startsWith("https://") || lower.startsWith("http://")) {
            return located(token, ListFormat.TEXT, null, token, setting, settings);
        }
        int end = 0;
        while (end < token.length() && token.charAt(end) != ':' && token.charAt(end) != '@') {
            end++;
        }
        String name = lower.substring(0, end);
        String refusal = REFUSED.get(name);
        if (refusal != null) {
            throw new ConfigurationException(setting, Redaction.redact(token), "is not a proxy source: " + refusal);
        }
        Provider provider = PROVIDERS.get(name);
        if (provider == null) {
            return null;
        }
        String rest = token.substring(end);
        String selector = null;
        String location = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            location = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        if (rest.startsWith(":")) {
            selector = rest.substring(1);
            if (selector.isEmpty()) {
                throw new ConfigurationException(setting, Redaction.redact(token), "has an empty selector after ':'");
            }
        }
        selector = selector(provider, name, selector, token, setting);
        if (location == null) {
            if (provider.url() == null) {
                throw new ConfigurationException(setting, Redaction.redact(token), "needs a location ('@file:/path' or "
                        + "'@https://...'): " + provider.noUrlHelp());
            }
            location = provider.url();
        }
        return located(token, provider.format(), selector, location, setting, settings);
    }

    private static String selector(Provider provider, String name, String selector, String token, String setting) {
        if (provider.defaultSelector() == null) {
            if (selector != null) {
                throw new ConfigurationException(setting, Redaction.redact(token), "has a selector, but " + name + " takes none");
            }
            return null;
        }
        if (selector == null) {
            return provider.defaultSelector();
        }
        boolean forced = selector.endsWith("!");
        if (forced) {
            selector = selector.substring(0, selector.length() - 1);
        }
        if (provider.format() == ListFormat.AWS) {
            selector = selector.toUpperCase(Locale.ROOT);
            if (RENTABLE_AWS_SERVICES.contains(selector) && !forced) {
                throw new ConfigurationException(setting, Redaction.redact(token), "selects AWS service " + selector
                        + ", whose addresses anyone can rent: trusting it lets any EC2 customer forge client "
                        + "addresses. Use CLOUDFRONT_ORIGIN_FACING (the default) or CLOUDFRONT; if you really "
                        + "mean it, write aws:" + selector + "!");
            }
        }
        return selector;
    }

    private static SourceSpec located(String token, ListFormat format, String selector, String location,
            String setting, RefreshSettings settings) {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:")) {
            Path path;
            try {
                path = lower.startsWith("file://") ? Path.of(new URI(location)) : Path.of(location.substring(5));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new ConfigurationException(setting, Redaction.redact(token), "has an invalid file location: " + e.getMessage());
            }
            if (path.toString().isEmpty()) {
                throw new ConfigurationException(setting, Redaction.redact(token), "names no file after 'file:'");
            }
            return new SourceSpec(token, format, selector, null, path);
        }
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            URI uri;
            try {
                uri = new URI(location);
            } catch (URISyntaxException | NumberFormatException e) {
                // URI throws NumberFormatException on an overflowing IPv4 octet inside an IPv6 host literal
                throw new ConfigurationException(setting, Redaction.redact(token), "has an invalid URL: " + Redaction.redact(e.getMessage()));
            }
            if (uri.getHost() == null) {
                throw new ConfigurationException(setting, Redaction.redact(token), "has a URL without a host");
            }
            if (lower.startsWith("http://") && !ListFetcher.plainHttpAllowed(uri, settings)) {
                throw new ConfigurationException(setting, Redaction.redact(token), "uses plain http://, which anyone on the path "
                        + "can rewrite into a poisoned list; use https:// (plain http is accepted only for "
                        + "loopback hosts, or with allowPlainHttp)");
            }
            return new SourceSpec(token, format, selector, uri, null);
        }
        throw new ConfigurationException(setting, Redaction.redact(token), "has location '" + Redaction.redact(location)
                + "'; a location is 'file:/path' or 'https://host/path'");
    }

    private static AddressSet entry(String token, String setting) {
        try {
            return AddressSet.builder().add(token, setting).build();
        } catch (ConfigurationException e) {
            if (token.matches("[A-Za-z][A-Za-z0-9._-]*") && token.matches(".*[g-zG-Z_.].*")) {
                throw new ConfigurationException(setting, Redaction.redact(token), "is neither a preset (loopback, private, "
                        + "linklocal, cgnat, google-lb) nor a source (" + String.join(", ", PROVIDERS.keySet())
                        + ", file:/path, https://...)");
            }
            throw e;
        }
    }
}
