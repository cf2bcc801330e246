package dev.originguard;

import dev.originguard.internal.AddressText;
/**
 * An inclusive range in the unified 128-bit address space (IPv4 as IPv4-mapped). Build-time only: the
 * request path uses the flattened arrays of {@link AddressSet}.
 */
record IpRange(long startHi, long startLo, long endHi, long endLo) implements Comparable<IpRange> {

    static final IpRange MAPPED_IPV4 =
            new IpRange(0, AddressText.MAPPED_LO_PREFIX, 0, AddressText.MAPPED_LO_PREFIX | 0xFFFF_FFFFL);

    IpRange {
        if (compare(startHi, startLo, endHi, endLo) > 0) {
            throw new IllegalArgumentException("range start after end");
        }
    }

    static IpRange single(long hi, long lo) {
        return new IpRange(hi, lo, hi, lo);
    }

    /** The block {@code hi:lo/prefixLength}, host bits cleared. */
    static IpRange prefixBlock(long hi, long lo, int prefixLength) {
        long maskHi = prefixLength >= 64 ? -1L : (prefixLength == 0 ? 0 : -1L << (64 - prefixLength));
        long maskLo = prefixLength <= 64 ? 0 : (prefixLength == 128 ? -1L : -1L << (128 - prefixLength));
        return new IpRange(hi & maskHi, lo & maskLo, hi | ~maskHi, lo | ~maskLo);
    }

    static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    boolean isIpv4() {
        return MAPPED_IPV4.encloses(this);
    }

    boolean encloses(IpRange other) {
        return compare(startHi, startLo, other.startHi, other.startLo) <= 0
                && compare(endHi, endLo, other.endHi, other.endLo) >= 0;
    }

    boolean contains(long hi, long lo) {
        return compare(startHi, startLo, hi, lo) <= 0 && compare(hi, lo, endHi, endLo) <= 0;
    }

    /** True when {@code next} starts at or before the address just after this range's end. */
    boolean touches(IpRange next) {
        if (endHi == -1L && endLo == -1L) {
            return true;
        }
        long afterLo = endLo + 1;
        long afterHi = afterLo == 0 ? endHi + 1 : endHi;
        return compare(next.startHi, next.startLo, afterHi, afterLo) <= 0;
    }

    @Override
    public int compareTo(IpRange o) {
        int c = compare(startHi, startLo, o.startHi, o.startLo);
        return c != 0 ? c : compare(endHi, endLo, o.endHi, o.endLo);
    }

    @Override
    public String toString() {
        String start = AddressText.format(startHi, startLo);
        return startHi == endHi && startLo == endLo ? start : start + "-" + AddressText.format(endHi, endLo);
    }
}
