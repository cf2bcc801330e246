package dev.originguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The real provider range snapshots the benchmarks load (copies of {@code shared/provider-lists/}, bundled in the
 * jar; see {@code provider-lists/README.md} in the resources). Parsed at setup only, never on a measured path.
 */
public final class ProviderLists {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProviderLists() {
    }

    /** CloudFront's prefixes from AWS {@code ip-ranges.json}: service CLOUDFRONT, IPv4 then IPv6 (220). */
    public static List<String> cloudFront() {
        JsonNode root = json("aws-ip-ranges.json.gz");
        List<String> out = new ArrayList<>();
        for (JsonNode p : root.path("prefixes")) {
            if ("CLOUDFRONT".equals(p.path("service").asText())) {
                out.add(p.path("ip_prefix").asText());
            }
        }
        for (JsonNode p : root.path("ipv6_prefixes")) {
            if ("CLOUDFRONT".equals(p.path("service").asText())) {
                out.add(p.path("ipv6_prefix").asText());
            }
        }
        return List.copyOf(out);
    }

    /** Every {@code addressPrefix} of every Azure service tag, duplicates included (about 90,000). */
    public static List<String> azureAll() {
        List<String> out = new ArrayList<>();
        for (JsonNode tag : json("azure-ServiceTags_Public.json.gz").path("values")) {
            for (JsonNode prefix : tag.path("properties").path("addressPrefixes")) {
                out.add(prefix.asText());
            }
        }
        return List.copyOf(out);
    }

    /** Cloudflare's published ranges, IPv4 then IPv6 (22). */
    public static List<String> cloudflare() {
        List<String> out = new ArrayList<>(lines("cloudflare-ips-v4.txt"));
        out.addAll(lines("cloudflare-ips-v6.txt"));
        return List.copyOf(out);
    }

    private static JsonNode json(String name) {
        try (InputStream in = new GZIPInputStream(open(name))) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read provider list " + name, e);
        }
    }

    private static List<String> lines(String name) {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(open(name), StandardCharsets.US_ASCII))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    out.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read provider list " + name, e);
        }
        return out;
    }

    private static InputStream open(String name) {
        InputStream in = ProviderLists.class.getResourceAsStream("/provider-lists/" + name);
        if (in == null) {
            throw new IllegalStateException("provider list " + name + " is missing from the benchmark jar");
        }
        return in;
    }
}
