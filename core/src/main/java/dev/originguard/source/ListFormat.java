package dev.originguard.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The formats a range list can come in, and how each turns a document into entries. Parsing only: the
 * entries are validated and compiled by {@link ListValidation}.
 */
enum ListFormat {

    /** One entry a line; {@code #} starts a comment; blank lines, surrounding tabs/spaces, CRLF and a
     * missing final newline are tolerated. Akamai's origin ACL and EdgeOne lists are this format. */
    TEXT(false),
    /** {@code https://api.cloudflare.com/client/v4/ips} JSON, or the {@code ips-v4}/{@code ips-v6} text. */
    CLOUDFLARE(true),
    /** AWS {@code ip-ranges.json}, filtered by service (the selector). */
    AWS(true),
    /** Fastly {@code public-ip-list} JSON. */
    FASTLY(true),
    /** Azure service tags JSON ({@code ServiceTags_Public_YYYYMMDD.json}), filtered by tag (the selector). */
    AZURE(true),
    /** Alibaba Cloud WAF {@code DescribeWafSourceIpSegment}: WAF 2.0 comma-joined {@code Ips}/{@code IpV6s}
     * strings, or WAF 3.0 {@code WafSourceIp.IPv4}/{@code IPv6} arrays. */
    ALIBABA_WAF(true),
    /** Alibaba Cloud Anti-DDoS {@code DescribeBackSourceCidr}: the {@code Cidrs} array. */
    ALIBABA_DDOS(true);

    private final boolean json;

    ListFormat(boolean json) {
        this.json = json;
    }

    /**
     * Refuses a content type this format is never served as. An HTML page with status 200 is typically a
     * login, captive-portal or bot-challenge page, never a range list.
     */
    void checkContentType(String contentType, String location) throws RefreshFailure {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        boolean ok = type.equals("text/plain") || type.equals("application/octet-stream")
                || (json || this == CLOUDFLARE) && (type.equals("application/json") || type.equals("text/json")
                        || type.endsWith("+json"));
        if (!ok) {
            throw new RefreshFailure(location + ": content type '" + contentType + "' is not a "
                    + (json ? "JSON" : "text") + " range list" + (type.contains("html")
                            ? " (an HTML page with status 200 is usually a login or bot-challenge page)" : ""));
        }
    }

    /** The entries of a document. {@code selector} is the AWS service or Azure tag, else null. */
    List<ListEntry> parse(String body, String selector, String location) throws RefreshFailure {
        switch (this) {
            case TEXT:
                return text(body, location);
            case CLOUDFLARE:
                if (!body.stripLeading().startsWith("{")) {
                    return text(body, location);
                }
                Map<String, Object> cf = object(json(body, location), location, "the document");
                if (!Boolean.TRUE.equals(cf.get("success"))) {
                    throw new RefreshFailure(location + ": Cloudflare answered success=" + cf.get("success")
                            + ", errors=" + cf.get("errors"));
                }
                Map<String, Object> result = object(cf.get("result"), location, "'result'");
                List<ListEntry> out = new ArrayList<>();
                strings(result, "ipv4_cidrs", "result.", location, true, out);
                strings(result, "ipv6_cidrs", "result.", location, true, out);
                return out;
            case AWS:
                return aws(object(json(body, location), location, "the document"), selector, location);
            case FASTLY:
                Map<String, Object> fastly = object(json(body, location), location, "the document");
                List<ListEntry> fl = new ArrayList<>();
                strings(fastly, "addresses", "", location, true, fl);
                strings(fastly, "ipv6_addresses", "", location, false, fl);
                return fl;
            case AZURE:
                return azure(object(json(body, location), location, "the document"), selector, location);
            case ALIBABA_WAF:
                return alibabaWaf(object(json(body, location), location, "the document"), location);
            case ALIBABA_DDOS:
                Map<String, Object> ddos = object(json(body, location), location, "the document");
                if (!ddos.containsKey("Cidrs")) {
                    throw new RefreshFailure(location + ": no 'Cidrs' in the DescribeBackSourceCidr response"
                            + alibabaError(ddos));
                }
                List<ListEntry> dl = new ArrayList<>();
                strings(ddos, "Cidrs", "", location, true, dl);
                return dl;
            default:
                throw new IllegalStateException(name());
        }
    }

    static List<ListEntry> text(String body, String location) {
        List<ListEntry> out = new ArrayList<>();
        String[] lines = body.split("\n", -1);
        String separator = location.startsWith("file:") ? ":" : " line ";
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (!line.isEmpty()) {
                out.add(new ListEntry(line, location + separator + (i + 1)));
            }
        }
        return out;
    }

    private static List<ListEntry> aws(Map<String, Object> doc, String service, String location)
            throws RefreshFailure {
        List<ListEntry> out = new ArrayList<>();
        awsPrefixes(doc, "prefixes", "ip_prefix", service, location, true, out);
        awsPrefixes(doc, "ipv6_prefixes", "ipv6_prefix", service, location, false, out);
        return out;
    }

    private static void awsPrefixes(Map<String, Object> doc, String arrayName, String field, String service,
            String location, boolean required, List<ListEntry> out) throws RefreshFailure {
        Object raw = doc.get(arrayName);
        if (raw == null && !required) {
            return;
        }
        List<?> prefixes = array(raw, location, "'" + arrayName + "'");
        for (int i = 0; i < prefixes.size(); i++) {
            String path = arrayName + "[" + i + "]";
            Map<String, Object> prefix = object(prefixes.get(i), location, path);
            if (service.equals(prefix.get("service"))) {
                out.add(new ListEntry(string(prefix.get(field), location, path + "." + field),
                        location + " " + path));
            }
        }
    }

    private static List<ListEntry> azure(Map<String, Object> doc, String tag, String location)
            throws RefreshFailure {
        List<?> values = array(doc.get("values"), location, "'values'");
        for (int i = 0; i < values.size(); i++) {
            Map<String, Object> value = object(values.get(i), location, "values[" + i + "]");
            if (tag.equals(value.get("name"))) {
                Map<String, Object> props = object(value.get("properties"), location, "values[" + i + "].properties");
                List<ListEntry> out = new ArrayList<>();
                strings(props, "addressPrefixes", "values[" + i + "].properties.", location, true, out);
                return out;
            }
        }
        throw new RefreshFailure(location + ": service tag '" + tag + "' not found (" + values.size()
                + " tags in the file; names are case-sensitive, e.g. AzureFrontDoor.Backend)");
    }

    private static List<ListEntry> alibabaWaf(Map<String, Object> doc, String location) throws RefreshFailure {
        List<ListEntry> out = new ArrayList<>();
        if (doc.containsKey("WafSourceIp")) {
            Map<String, Object> ips = object(doc.get("WafSourceIp"), location, "'WafSourceIp'");
            strings(ips, "IPv4", "WafSourceIp.", location, false, out);
            strings(ips, "IPv6", "WafSourceIp.", location, false, out);
            return out;
        }
        if (!doc.containsKey("Ips") && !doc.containsKey("IpV6s")) {
            throw new RefreshFailure(location + ": neither 'WafSourceIp' (WAF 3.0) nor 'Ips'/'IpV6s' (WAF 2.0) "
                    + "in the DescribeWafSourceIpSegment response" + alibabaError(doc));
        }
        for (String key : List.of("Ips", "IpV6s")) {
            Object raw = doc.get(key);
            if (raw == null) {
                continue;
            }
            String joined = string(raw, location, "'" + key + "'");
            String[] parts = joined.split(",", -1);
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i].strip();
                if (!part.isEmpty()) {
                    out.add(new ListEntry(part, location + " " + key + "[" + i + "]"));
                }
            }
        }
        return out;
    }

    private static String alibabaError(Map<String, Object> doc) {
        return doc.containsKey("Code") ? " (error Code=" + doc.get("Code") + ", Message=" + doc.get("Message") + ")"
                : "";
    }

    private static void strings(Map<String, Object> parent, String key, String pathPrefix, String location,
            boolean required, List<ListEntry> out) throws RefreshFailure {
        Object raw = parent.get(key);
        if (raw == null && !required) {
            return;
        }
        List<?> list = array(raw, location, "'" + pathPrefix + key + "'");
        for (int i = 0; i < list.size(); i++) {
            String path = pathPrefix + key + "[" + i + "]";
            out.add(new ListEntry(string(list.get(i), location, path), location + " " + path));
        }
    }

    private static Object json(String body, String location) throws RefreshFailure {
        try {
            return JsonReader.parse(body);
        } catch (JsonReader.JsonException e) {
            throw new RefreshFailure(location + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String location, String what) throws RefreshFailure {
        if (value instanceof Map) {
            return (Map<String, Object>) value;
        }
        throw new RefreshFailure(location + ": " + what + " is not a JSON object");
    }

    private static List<?> array(Object value, String location, String what) throws RefreshFailure {
        if (value instanceof List<?> list) {
            return list;
        }
        throw new RefreshFailure(location + ": " + what + (value == null ? " is missing" : " is not a JSON array"));
    }

    private static String string(Object value, String location, String what) throws RefreshFailure {
        if (value instanceof String s) {
            return s;
        }
        throw new RefreshFailure(location + ": " + what + " is not a string");
    }
}
