package dev.originguard.bench;

import dev.originguard.AddressSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The floor the resolver is measured against: the least code that does the same walk over IPv4 text, a
 * hand-written dotted-quad parse and a binary search over sorted ranges per address, with no validation beyond
 * the parse, no limits and no result object.
 */
final class FloorWalk {

    private final int[] starts; // sign-flipped so signed order is unsigned address order
    private final int[] ends;

    private FloorWalk(int[] starts, int[] ends) {
        this.starts = starts;
        this.ends = ends;
    }

    /** The IPv4 part of {@code set} as sorted, disjoint ranges. */
    static FloorWalk of(AddressSet set) {
        List<int[]> ranges = new ArrayList<>();
        for (String cidr : set.cidrs()) {
            if (cidr.indexOf(':') >= 0) {
                continue;
            }
            int slash = cidr.indexOf('/');
            int start = (int) parse(cidr, 0, slash < 0 ? cidr.length() : slash);
            int prefix = slash < 0 ? 32 : Integer.parseInt(cidr.substring(slash + 1));
            int end = prefix == 0 ? -1 : start | (int) ((1L << (32 - prefix)) - 1);
            ranges.add(new int[] {start ^ Integer.MIN_VALUE, end ^ Integer.MIN_VALUE});
        }
        int[] starts = new int[ranges.size()];
        int[] ends = new int[ranges.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = ranges.get(i)[0];
            ends[i] = ranges.get(i)[1];
        }
        return new FloorWalk(starts, ends);
    }

    /** The client: the first untrusted address from the right, the peer if untrusted; -1 for bad text. */
    long walk(String peer, String header) {
        long address = parse(peer, 0, peer.length());
        if (address < 0 || !contains((int) address)) {
            return address;
        }
        int end = header.length();
        while (end > 0) {
            int comma = header.lastIndexOf(',', end - 1);
            int from = comma + 1;
            int to = end;
            while (from < to && header.charAt(from) == ' ') {
                from++;
            }
            while (to > from && header.charAt(to - 1) == ' ') {
                to--;
            }
            address = parse(header, from, to);
            if (address < 0 || !contains((int) address)) {
                return address;
            }
            end = comma < 0 ? 0 : comma;
        }
        return address;
    }

    boolean contains(int address) {
        int key = address ^ Integer.MIN_VALUE;
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
        return high >= 0 && key <= ends[high];
    }

    static long parse(String s, int from, int to) {
        long result = 0;
        int value = 0;
        int digits = 0;
        int dots = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) {
                    return -1;
                }
            } else if (c == '.' && digits > 0 && dots < 3) {
                result = (result << 8) | value;
                value = 0;
                digits = 0;
                dots++;
            } else {
                return -1;
            }
        }
        return digits == 0 || dots != 3 ? -1 : (result << 8) | value;
    }
}
