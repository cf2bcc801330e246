package dev.originguard.bench;

import dev.originguard.AddressSet;
import dev.originguard.ClientIpResolver;
import dev.originguard.HeaderReader;
import dev.originguard.PeerCheck;
import dev.originguard.Resolution;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The core resolver alone ({@link ClientIpResolver#resolve(String, String)}): the filter scenario against its
 * floor, and the cost with a 22-range list against a 51,000-range one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResolverBenchmark {

    /** Addresses each scenario request looks up: the peer and the three header entries. */
    public static final int SCENARIO_ADDRESSES = 4;

    /** The filter scenario: CloudFront's 220 ranges plus the site's own, peer 10.0.0.7, three entries. */
    @State(Scope.Thread)
    public static class CloudFront {
        ClientIpResolver resolver;
        FloorWalk floor;
        String peer;
        String header;

        /** Compiles the set; checks the resolver and the floor both find the scenario's client. */
        @Setup(Level.Trial)
        public void setUp() {
            AddressSet trusted = AddressSet.builder().addAll(Scenario.trustedEntries(), "CloudFront + own").build();
            resolver = ClientIpResolver.builder().trustedProxies(trusted).build();
            floor = FloorWalk.of(trusted);
            peer = Scenario.PEER;
            header = Scenario.X_FORWARDED_FOR;
            String client = resolver.resolve(peer, header).clientIp();
            long floorClient = floor.walk(peer, header);
            if (!Scenario.CLIENT.equals(client) || floorClient != FloorWalk.parse(Scenario.CLIENT, 0, Scenario.CLIENT.length())) {
                throw new IllegalStateException("resolver found " + client + ", floor found " + floorClient);
            }
        }
    }

    /**
     * Requests from a trusted peer with one client entry, over a pool of 4,096 different peers (random addresses
     * of random ranges of the list) and clients (random addresses outside it), advanced per invocation, so the
     * searches go through the whole list rather than down one cached, predicted path.
     */
    @State(Scope.Thread)
    public abstract static class ListPool {
        static final int POOL = 4096;
        ClientIpResolver resolver;
        FloorWalk floor;
        int ranges;
        final String[] peers = new String[POOL];
        final String[] headers = new String[POOL];
        int next;

        void build(List<String> entries, String where) {
            AddressSet trusted = AddressSet.builder().addAll(entries, where).build();
            ranges = trusted.rangeCount();
            resolver = ClientIpResolver.builder().trustedProxies(trusted).build();
            floor = FloorWalk.of(trusted);
            List<String> v4 = trusted.cidrs().stream().filter(c -> c.indexOf(':') < 0).toList();
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < POOL; i++) {
                String cidr = v4.get(random.nextInt(v4.size()));
                int slash = cidr.indexOf('/');
                long start = FloorWalk.parse(cidr, 0, slash);
                int prefix = Integer.parseInt(cidr.substring(slash + 1));
                long size = 1L << (32 - prefix);
                peers[i] = text(start + random.nextLong(size));
                String client;
                do {
                    client = text(0x0100_0000L + random.nextLong(0xDF00_0000L - 0x0100_0000L));
                } while (trusted.contains(client));
                headers[i] = client;
                Resolution r = resolver.resolve(peers[i], headers[i]);
                if (!r.peerTrusted() || !client.equals(r.clientIp())) {
                    throw new IllegalStateException("pool request " + i + " resolved to " + r);
                }
            }
            System.gc(); // the parse of a large list leaves garbage that should not be collected while measuring
        }

        private static String text(long v4) {
            return (v4 >>> 24) + "." + ((v4 >>> 16) & 0xFF) + "." + ((v4 >>> 8) & 0xFF) + "." + (v4 & 0xFF);
        }

        Resolution resolveNext() {
            int i = next;
            next = (i + 1) & (POOL - 1);
            return resolver.resolve(peers[i], headers[i]);
        }

        long floorNext() {
            int i = next;
            next = (i + 1) & (POOL - 1);
            return floor.walk(peers[i], headers[i]);
        }

        Resolution resolveFirst() {
            return resolver.resolve(peers[0], headers[0]);
        }
    }

    /** Cloudflare's 22 published ranges. */
    public static class Cloudflare extends ListPool {
        /** Loads the list and builds the pool. */
        @Setup(Level.Trial)
        public void setUp() {
            build(ProviderLists.cloudflare(), "Cloudflare");
        }
    }

    /** Every prefix of every Azure service tag: about 90,000 entries, 51,000 distinct. */
    public static class Azure extends ListPool {
        /** Loads the list and builds the pool. */
        @Setup(Level.Trial)
        public void setUp() {
            build(ProviderLists.azureAll(), "Azure service tags");
        }
    }

    /**
     * Two providers, as issue 15 sets them up: {@code CF-Connecting-IP from <Cloudflare's 22 ranges>;
     * X-Forwarded-For from 10.0.0.0/8, <Cloudflare>}; the request came Cloudflare -> own load balancer, so the
     * walk reads X-Forwarded-For at the peer and hands over to CF-Connecting-IP at the Cloudflare hop.
     */
    @State(Scope.Thread)
    public static class TwoProviders {
        ClientIpResolver resolver;
        String peer = "10.0.0.7";
        Headers headers;

        /** A request's two headers, read as the filter reads them: lines already in lists. */
        record Headers(List<String> cf, List<String> xff) {
        }

        static final HeaderReader<Headers> READER = (h, name) -> name.equals("CF-Connecting-IP") ? h.cf()
                : name.equals("X-Forwarded-For") ? h.xff() : List.of();

        /** Builds the resolver and checks it finds the client. */
        @Setup(Level.Trial)
        public void setUp() {
            AddressSet cloudflare = AddressSet.builder().addAll(ProviderLists.cloudflare(), "Cloudflare").build();
            AddressSet lbAndCloudflare = AddressSet.builder().addAll(ProviderLists.cloudflare(), "Cloudflare")
                    .add("10.0.0.0/8", "own").build();
            resolver = ClientIpResolver.builder().source("CF-Connecting-IP", cloudflare)
                    .source("X-Forwarded-For", lbAndCloudflare).build();
            headers = new Headers(List.of("198.51.100.7"), List.of("198.51.100.7, 173.245.48.5"));
            Resolution r = resolver.resolve(peer, headers, READER, PeerCheck.VERIFIED);
            if (!"198.51.100.7".equals(r.clientIp()) || r.trustedHops().size() != 2) {
                throw new IllegalStateException("two providers resolved to " + r);
            }
        }
    }

    /** Two providers, Cloudflare -> load balancer -> app: the several-source walk. */
    @Benchmark
    public Resolution resolveTwoProviders(TwoProviders s) {
        return s.resolver.resolve(s.peer, s.headers, TwoProviders.READER, PeerCheck.VERIFIED);
    }

    /** The filter scenario through the resolver. */
    @Benchmark
    public Resolution resolveScenario(CloudFront s) {
        return s.resolver.resolve(s.peer, s.header);
    }

    /**
     * The filter scenario through the resolver, then the client's text, as the filter needs it for the MDC
     * and getRemoteAddr(): the resolution as the filter holds it.
     */
    @Benchmark
    public String resolveScenarioWithClientText(CloudFront s) {
        return s.resolver.resolve(s.peer, s.header).clientIp();
    }

    /** The filter scenario through the floor walk. */
    @Benchmark
    public long floorScenario(CloudFront s) {
        return s.floor.walk(s.peer, s.header);
    }

    /** Cloudflare's list, a different request each time. */
    @Benchmark
    public Resolution listCloudflare(Cloudflare s) {
        return s.resolveNext();
    }

    /** All Azure service tags, a different request each time. */
    @Benchmark
    public Resolution listAzure(Azure s) {
        return s.resolveNext();
    }

    /** The floor walk over Cloudflare's pool: what the list size costs any binary search. */
    @Benchmark
    public long floorListCloudflare(Cloudflare s) {
        return s.floorNext();
    }

    /** The floor walk over the Azure pool. */
    @Benchmark
    public long floorListAzure(Azure s) {
        return s.floorNext();
    }

    /** Cloudflare's list, the same request each time (a hot, predicted search path). */
    @Benchmark
    public Resolution listCloudflareSameRequest(Cloudflare s) {
        return s.resolveFirst();
    }

    /** All Azure service tags, the same request each time (a hot, predicted search path). */
    @Benchmark
    public Resolution listAzureSameRequest(Azure s) {
        return s.resolveFirst();
    }
}
