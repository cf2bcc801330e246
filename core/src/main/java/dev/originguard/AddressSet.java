package dev.originguard;

import dev.originguard.internal.AddressText;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * An immutable set of IP addresses, compiled once for lock-free lookups on the request path.
 *
 * <p>Entries are single addresses ({@code 203.0.113.7}, {@code 2001:db8::1}), CIDR blocks
 * ({@code 10.0.0.0/8}, {@code 2001:db8::/32}; host bits are cleared with a warning), inclusive ranges
 * ({@code 192.0.2.10-192.0.2.20}) and presets: {@code loopback} (127.0.0.0/8, ::1), {@code private}
 * (RFC 1918 and fc00::/7), {@code linklocal} (169.254.0.0/16, fe80::/10), {@code cgnat} (100.64.0.0/10, RFC 6598 shared address space) and {@code google-lb} (Google
 * Cloud load balancer and health-check sources: 35.191.0.0/16, 130.211.0.0/22, 2600:2d00:1:b029::/64,
 * 2600:2d00:1:1::/64). An entry covering every
 * address ({@code 0.0.0.0/0}, {@code ::/0}) is refused. An IPv4-mapped IPv6 address
 * ({@code ::ffff:10.0.0.1}) is the same address as its IPv4 form, in entries and in lookups.
 *
 * <p>Lookups parse the address text with a strict dedicated parser (no DNS, no {@link InetAddress}
 * parsing) and binary-search sorted, merged ranges, so their cost grows with log of the range count.
 *
 * <pre>{@code
 * AddressSet proxies = AddressSet.builder()
 *     .add("10.0.0.0/8", "trustedProxies")
 *     .add("loopback", "trustedProxies")
 *     .build();
 * proxies.contains("10.1.2.3");   // true
 * }</pre>
 */
public final class AddressSet {

    private static final AddressSet EMPTY = new AddressSet(List.of());

    // Sorted, merged, non-overlapping ranges. IPv4 values have the sign bit flipped so that signed int
    // comparison orders them as unsigned; IPv6 halves likewise with Long.MIN_VALUE.
    private final int[] v4Starts;
    private final int[] v4Ends;
    private final long[] v6StartHi;
    private final long[] v6StartLo;
    private final long[] v6EndHi;
    private final long[] v6EndLo;
    private final List<IpRange> ranges;
    // Derived on first use and kept: audit, diffs, cache files and status readers all ask for the same list.
    // An immutable List is safe to publish through a data race, so no lock or volatile is needed.
    private List<String> cidrs;

    private AddressSet(List<IpRange> merged) {
        this.ranges = List.copyOf(merged);
        int v4Count = (int) merged.stream().filter(IpRange::isIpv4).count();
        int v6Count = merged.size() - v4Count;
        v4Starts = new int[v4Count];
        v4Ends = new int[v4Count];
        v6StartHi = new long[v6Count];
        v6StartLo = new long[v6Count];
        v6EndHi = new long[v6Count];
        v6EndLo = new long[v6Count];
        int i4 = 0;
        int i6 = 0;
        for (IpRange r : merged) {
            if (r.isIpv4()) {
                v4Starts[i4] = (int) r.startLo() ^ Integer.MIN_VALUE;
                v4Ends[i4++] = (int) r.endLo() ^ Integer.MIN_VALUE;
            } else {
                v6StartHi[i6] = r.startHi() ^ Long.MIN_VALUE;
                v6StartLo[i6] = r.startLo() ^ Long.MIN_VALUE;
                v6EndHi[i6] = r.endHi() ^ Long.MIN_VALUE;
                v6EndLo[i6++] = r.endLo() ^ Long.MIN_VALUE;
            }
        }
    }

    /** The set with no addresses. */
    public static AddressSet empty() {
        return EMPTY;
    }

    /**
     * A set of the given entries.
     *
     * @throws ConfigurationException naming the first invalid entry
     */
    public static AddressSet of(String... entries) {
        Builder builder = builder();
        for (String entry : entries) {
            builder.add(entry, "AddressSet.of");
        }
        return builder.build();
    }

    /** A builder starting empty. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether the address is in this set. Text that is not a strictly valid IPv4 or IPv6 address (with
     * optional brackets for IPv6) is in no set.
     */
    public boolean contains(String address) {
        long[] a = AddressText.parse(Objects.requireNonNull(address, "address"));
        return a != null && contains(a[0], a[1]);
    }

    /** Whether the address is in this set; an IPv4-mapped {@code Inet6Address} counts as its IPv4 form. */
    public boolean contains(InetAddress address) {
        long[] a = AddressText.fromBytes(address.getAddress());
        return contains(a[0], a[1]);
    }

    /** Whether this set has no address. */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** The number of disjoint ranges after merging overlapping and adjacent entries. */
    public int rangeCount() {
        return ranges.size();
    }

    /**
     * The set as canonical CIDR blocks, IPv4 first, in address order: the form to audit and to diff. Two
     * sets are equal exactly when their CIDR lists are.
     */
    public List<String> cidrs() {
        List<String> known = cidrs;
        if (known == null) {
            known = computeCidrs();
            cidrs = known;
        }
        return known;
    }

    private List<String> computeCidrs() {
        List<String> out = new ArrayList<>();
        for (IpRange r : ranges) {
            IPAddress lower = toIpAddress(r.startHi(), r.startLo());
            IPAddress upper = toIpAddress(r.endHi(), r.endLo());
            IPAddressSeqRange seq = lower.spanWithRange(upper);
            for (IPAddress block : seq.spanWithPrefixBlocks()) {
                out.add(block.toCanonicalString());
            }
        }
        return List.copyOf(out);
    }

    /** A set holding the addresses of both. */
    public AddressSet union(AddressSet other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        List<IpRange> all = new ArrayList<>(ranges);
        all.addAll(other.ranges);
        return compile(all);
    }

    boolean contains(long hi, long lo) {
        if (AddressText.isMappedIpv4(hi, lo)) {
            return containsIpv4(lo & 0xFFFF_FFFFL);
        }
        long keyHi = hi ^ Long.MIN_VALUE;
        long keyLo = lo ^ Long.MIN_VALUE;
        int low = 0;
        int high = v6StartHi.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long sHi = v6StartHi[mid];
            if (sHi < keyHi || (sHi == keyHi && v6StartLo[mid] <= keyLo)) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (high < 0) {
            return false;
        }
        long eHi = v6EndHi[high];
        return keyHi < eHi || (keyHi == eHi && keyLo <= v6EndLo[high]);
    }

    /** {@code v4} is the address as 0..0xFFFFFFFF. */
    boolean containsIpv4(long v4) {
        int key = (int) v4 ^ Integer.MIN_VALUE;
        int[] starts = v4Starts;
        int low = 0;
        int high = starts.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (starts[mid] <= key) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return high >= 0 && key <= v4Ends[high];
    }

    List<IpRange> ranges() {
        return ranges;
    }

    static AddressSet compile(Collection<IpRange> input) {
        if (input.isEmpty()) {
            return EMPTY;
        }
        List<IpRange> split = new ArrayList<>(input.size());
        for (IpRange r : input) {
            splitAtIpv4Boundary(r, split);
        }
        IpRange[] sorted = split.toArray(new IpRange[0]);
        Arrays.sort(sorted);
        List<IpRange> merged = new ArrayList<>(sorted.length);
        IpRange current = sorted[0];
        for (int i = 1; i < sorted.length; i++) {
            IpRange next = sorted[i];
            if (current.isIpv4() == next.isIpv4() && current.touches(next)) {
                if (IpRange.compare(next.endHi(), next.endLo(), current.endHi(), current.endLo()) > 0) {
                    current = new IpRange(current.startHi(), current.startLo(), next.endHi(), next.endLo());
                }
            } else {
                merged.add(current);
                current = next;
            }
        }
        merged.add(current);
        // IPv4 ranges sort inside the IPv6 space; list them first so cidrs() reads IPv4 then IPv6.
        List<IpRange> ordered = new ArrayList<>(merged.size());
        merged.stream().filter(IpRange::isIpv4).forEach(ordered::add);
        merged.stream().filter(r -> !r.isIpv4()).forEach(ordered::add);
        return new AddressSet(ordered);
    }

    // A range crossing into ::ffff:0:0/96 (say ::/64) is cut so its IPv4-mapped part is looked up as IPv4.
    private static void splitAtIpv4Boundary(IpRange r, List<IpRange> out) {
        IpRange v4 = IpRange.MAPPED_IPV4;
        boolean startsBefore = IpRange.compare(r.startHi(), r.startLo(), v4.startHi(), v4.startLo()) < 0;
        boolean endsAfter = IpRange.compare(r.endHi(), r.endLo(), v4.endHi(), v4.endLo()) > 0;
        boolean endsBefore = IpRange.compare(r.endHi(), r.endLo(), v4.startHi(), v4.startLo()) < 0;
        boolean startsAfter = IpRange.compare(r.startHi(), r.startLo(), v4.endHi(), v4.endLo()) > 0;
        if (endsBefore || startsAfter || v4.encloses(r)) {
            out.add(r);
            return;
        }
        if (startsBefore) {
            out.add(new IpRange(r.startHi(), r.startLo(), v4.startHi(), v4.startLo() - 1));
        }
        out.add(new IpRange(
                startsBefore ? v4.startHi() : r.startHi(), startsBefore ? v4.startLo() : r.startLo(),
                endsAfter ? v4.endHi() : r.endHi(), endsAfter ? v4.endLo() : r.endLo()));
        if (endsAfter) {
            out.add(new IpRange(v4.endHi(), v4.endLo() + 1, r.endHi(), r.endLo()));
        }
    }

    private static IPAddress toIpAddress(long hi, long lo) {
        byte[] bytes = AddressText.toBytes(hi, lo);
        return bytes.length == 4 ? new IPv4Address(bytes) : new IPv6Address(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressSet other && ranges.equals(other.ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode();
    }

    /** A short summary: range counts, and the first CIDR blocks. */
    @Override
    public String toString() {
        List<String> cidrs = cidrs();
        String shown = String.join(", ", cidrs.subList(0, Math.min(5, cidrs.size())));
        return "AddressSet[" + v4Starts.length + " IPv4 + " + v6StartHi.length + " IPv6 ranges: " + shown
                + (cidrs.size() > 5 ? ", ..." : "") + "]";
    }

    /**
     * Collects entries, validating each as it is added, into an {@link AddressSet}. Not thread-safe; the
     * built set is.
     */
    public static final class Builder {

        private final List<IpRange> ranges = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds one entry: an address, CIDR, {@code first-last} range or preset name.
         *
         * @param where the setting, file or source the entry came from, used in error messages
         * @throws ConfigurationException if the entry is invalid or covers every address
         */
        public Builder add(String entry, String where) {
            Objects.requireNonNull(entry, "entry");
            ranges.addAll(ConfigEntries.parse(entry, Objects.requireNonNull(where, "where")));
            return this;
        }

        /** Adds every entry; see {@link #add(String, String)}. */
        public Builder addAll(Collection<String> entries, String where) {
            for (String entry : entries) {
                add(entry, where);
            }
            return this;
        }

        /** Adds every address of another set. */
        public Builder addAll(AddressSet set) {
            ranges.addAll(set.ranges);
            return this;
        }

        /** The compiled, immutable set. */
        public AddressSet build() {
            return compile(ranges);
        }
    }
}
