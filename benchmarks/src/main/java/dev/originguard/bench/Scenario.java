package dev.originguard.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The request every filter benchmark measures: a CloudFront-fronted origin behind an internal load balancer.
 * The peer is the load balancer ({@code 10.0.0.7}); the header holds the client and two trusted hops.
 */
public final class Scenario {

    /** The connection's peer, an internal load balancer. */
    public static final String PEER = "10.0.0.7";
    /** The forwarding header the proxies built. */
    public static final String X_FORWARDED_FOR = "192.0.2.44, 198.51.100.9, 203.0.113.5";
    /** The client every filter must restore. */
    public static final String CLIENT = "192.0.2.44";
    /** The request path. */
    public static final String PATH = "/api/orders";
    /** The ranges the site adds to the provider's: its own network and two proxy tiers. */
    public static final List<String> OWN_RANGES = List.of("10.0.0.0/8", "203.0.113.0/24", "198.51.100.0/24");

    private Scenario() {
    }

    /** The trusted set as configured: CloudFront's 220 ranges, then the site's own three. */
    public static List<String> trustedEntries() {
        List<String> all = new ArrayList<>(ProviderLists.cloudFront());
        all.addAll(OWN_RANGES);
        return all;
    }

    /** The trusted set as one init-param value, entries separated by commas and newlines. */
    public static String trustedProxiesParam() {
        return String.join(",\n", trustedEntries());
    }
}
