package dev.originguard.cli;

import dev.originguard.AddressSet;
import dev.originguard.HeaderFormat;
import dev.originguard.internal.DurationText;
import dev.originguard.policy.PolicyFile;
import dev.originguard.settings.ClientIpSources;
import dev.originguard.settings.LockOrigin;
import dev.originguard.settings.OriginGuardSettings;
import dev.originguard.settings.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Risky but legal set-ups in a valid policy, each a line naming where it is written and what to do. None of
 * these stops the filter; {@code validate --strict} makes them fail a CI gate.
 */
final class Warnings {

    /** Providers whose back-to-origin ranges every customer of theirs shares: the address proves nothing. */
    private static final Set<String> SHARED = Set.of("cloudflare", "aws-cloudfront", "fastly");

    private Warnings() {
    }

    static List<String> of(PolicyFile policy, OriginGuardSettings settings) {
        List<String> out = new ArrayList<>();
        Map<Setting, String> texts = policy.texts();
        String trusted = texts.getOrDefault(Setting.TRUSTED_PROXIES, "");
        List<String> trustedTokens = new ArrayList<>(tokens(trusted));
        ClientIpSources sources = settings.trust().clientIpSources();
        if (sources != null) {
            for (ClientIpSources.Source s : sources.sources()) {
                trustedTokens.addAll(tokens(s.from().text() == null ? "" : s.from().text()));
            }
        }
        Setting trustedWhere = texts.containsKey(Setting.TRUSTED_PROXIES) || sources == null
                ? Setting.TRUSTED_PROXIES : Setting.CLIENT_IP_SOURCES;
        List<String> shared = trustedTokens.stream().filter(Warnings::sharedTenant)
                .map(t -> reviewedSource(t) == null ? t : t + " (fetched from " + reviewedSource(t) + ")").toList();
        boolean proven = settings.originSecret() != null || settings.trust().proxyCertificate() != null;

        if (!shared.isEmpty() && settings.lock().mode() == LockOrigin.ON && !proven) {
            out.add(policy.where(trustedWhere) + ": trusts " + String.join(", ", shared) + ", whose ranges every "
                    + "customer of that CDN shares, with lockOrigin=on but no originSecret: anyone with an account "
                    + "there reaches the locked origin and sets the client address; set originSecret (sent by "
                    + "the CDN) or proxyCertificate");
        }
        if (!shared.isEmpty() && settings.trust().exemptTrustedProxies() && !proven) {
            out.add(policy.where(texts.containsKey(Setting.EXEMPT_TRUSTED_PROXIES) ? Setting.EXEMPT_TRUSTED_PROXIES
                    : trustedWhere) + ": exemptTrustedProxies=true (the default) on shared-tenant ranges ("
                    + String.join(", ", shared) + "): another customer's requests through the same CDN, sent "
                    + "without a client header, skip rate limiting; set exemptTrustedProxies=false or originSecret");
        }
        String header = settings.trust().clientIpHeader();
        if (sources == null && settings.trust().clientIpHeaderFrom() == null
                && HeaderFormat.forHeader(header) == HeaderFormat.SINGLE) {
            Set<String> providers = providers(tokens(trusted));
            if (providers.size() > 1) {
                out.add(policy.where(Setting.CLIENT_IP_HEADER) + ": the single-value header " + header
                        + " is believed from every trusted proxy (" + String.join(", ", providers) + "), so one "
                        + "provider's customers can forge it through another; bind it with clientIpHeaderFrom or "
                        + "clientIpSources");
            }
        }
        broad(policy, Setting.TRUSTED_PROXIES, trustedTokens, out, sources != null && !texts.containsKey(
                Setting.TRUSTED_PROXIES) ? Setting.CLIENT_IP_SOURCES : Setting.TRUSTED_PROXIES);
        broad(policy, Setting.DIRECT_ALLOW, tokens(texts.getOrDefault(Setting.DIRECT_ALLOW, "")), out,
                Setting.DIRECT_ALLOW);
        if (settings.ranges().cacheDirectory().isEmpty()) {
            for (Setting s : Setting.values()) {
                if (s.kind() != Setting.Kind.ADDRESSES && s != Setting.CLIENT_IP_SOURCES) {
                    continue;
                }
                List<String> urls = tokens(texts.getOrDefault(s, "")).stream().filter(Warnings::urlSource).toList();
                if (!urls.isEmpty()) {
                    out.add(policy.where(s) + ": URL sources (" + String.join(", ", urls) + ") without "
                            + "rangeCacheDirectory: a cold start without network cannot load them; set "
                            + "rangeCacheDirectory");
                }
            }
        }
        String maxAge = policy.starterOnly().get("originguard.ranges.max-age");
        if (maxAge != null) {
            Duration age = DurationText.parseOrNull(maxAge);
            Duration interval = settings.ranges().interval();
            if (age != null && age.compareTo(interval) < 0) {
                out.add(policy.path() + " originguard.ranges.max-age: " + maxAge + " is shorter than the refresh "
                        + "interval " + DurationText.format(interval) + ": every source reads as stale between two "
                        + "refreshes; make max-age a few intervals long");
            }
        }
        return out;
    }

    private static void broad(PolicyFile policy, Setting setting, List<String> tokens, List<String> out,
            Setting where) {
        for (String token : tokens) {
            if (urlSource(token) || providerName(token) != null || token.toLowerCase(Locale.ROOT).startsWith("file:")
                    || token.equalsIgnoreCase("loopback")) {
                continue; // sources are held to the minimum prefixes on every refresh; loopback is this host
            }
            AddressSet set;
            try {
                set = AddressSet.of(token);
            } catch (RuntimeException e) {
                continue; // refused by validation already
            }
            for (String cidr : set.cidrs()) {
                boolean ipv4 = cidr.indexOf(':') < 0;
                int slash = cidr.indexOf('/');
                int prefix = slash < 0 ? (ipv4 ? 32 : 128) : Integer.parseInt(cidr.substring(slash + 1));
                if (prefix < (ipv4 ? 16 : 32)) {
                    out.add(policy.where(where) + ": '" + token + "' covers " + cidr + ", broader than /"
                            + (ipv4 ? "16" : "32") + " for " + (ipv4 ? "IPv4" : "IPv6") + " in "
                            + setting.key() + ": check that every address in it is yours");
                }
            }
        }
    }

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        for (String t : text.split("[,\\s]+")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    // The provider a token names (cloudflare, aws, ...), or null for an address, preset, file or URL.
    private static String providerName(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:") || lower.startsWith("http://") || lower.startsWith("https://")) {
            return null;
        }
        int end = 0;
        while (end < lower.length() && lower.charAt(end) != ':' && lower.charAt(end) != '@') {
            end++;
        }
        String name = lower.substring(0, end);
        return Set.of("cloudflare", "aws", "aws-cloudfront", "fastly", "akamai", "edgeone", "azure", "alibaba-waf",
                "alibaba-ddos").contains(name) ? name : null;
    }

    private static boolean sharedTenant(String token) {
        String reviewed = reviewedSource(token);
        if (reviewed != null) {
            return sharedTenant(reviewed);
        }
        String name = providerName(token);
        if (name == null) {
            return false;
        }
        String upper = token.toUpperCase(Locale.ROOT);
        return SHARED.contains(name) || (name.equals("aws") && (!upper.contains(":") || upper.startsWith("AWS:CLOUDFRONT")))
                || (name.equals("azure") && (!upper.startsWith("AZURE:") || upper.startsWith("AZURE:AZUREFRONTDOOR")));
    }

    /**
     * The source a {@code file:} list was fetched from, as {@code originguard-cli fetch} writes it in the list's
     * header ({@code # source cloudflare}), so a reviewed copy of a shared CDN's list is judged as that CDN;
     * null for any other token or file. Reads at most the first 16 lines.
     */
    static String reviewedSource(String token) {
        if (!token.toLowerCase(Locale.ROOT).startsWith("file:")) {
            return null;
        }
        java.nio.file.Path file = java.nio.file.Path.of(token.substring(5));
        try (java.io.BufferedReader in = java.nio.file.Files.newBufferedReader(file,
                java.nio.charset.StandardCharsets.UTF_8)) {
            for (int i = 0; i < 16; i++) {
                String line = in.readLine();
                if (line == null || !line.startsWith("#")) {
                    return null;
                }
                if (line.startsWith("# source ")) {
                    String source = line.substring("# source ".length()).strip();
                    return source.toLowerCase(Locale.ROOT).startsWith("file:") ? null : source;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return null; // a list that cannot be read is reported when it is loaded
        }
        return null;
    }

    // A source fetched over HTTP: a URL, or a provider read from its official URL or an @https location.
    private static boolean urlSource(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return true;
        }
        String name = providerName(token);
        if (name == null) {
            return false;
        }
        int at = lower.indexOf('@');
        return at < 0 ? Set.of("cloudflare", "aws", "aws-cloudfront", "fastly").contains(name)
                : lower.startsWith("http", at + 1);
    }

    // Distinct providers among the entries; inline addresses and presets count as one, the operator's own.
    private static Set<String> providers(List<String> tokens) {
        Set<String> out = new LinkedHashSet<>();
        for (String token : tokens) {
            String reviewed = reviewedSource(token);
            String name = providerName(reviewed != null ? reviewed : token);
            out.add(name != null ? name : token.toLowerCase(Locale.ROOT).startsWith("file:")
                    || token.toLowerCase(Locale.ROOT).startsWith("http") ? token : "your own ranges");
        }
        return out;
    }
}
