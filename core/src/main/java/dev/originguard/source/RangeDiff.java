package dev.originguard.source;

import dev.originguard.AddressSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The CIDR blocks added and removed between two sets, formatted as one audit log line. */
record RangeDiff(List<String> added, List<String> removed) {

    /** How many blocks of each side a log line shows before "... and N more". */
    static final int SHOWN = 20;

    static RangeDiff between(AddressSet before, AddressSet after) {
        Set<String> old = new LinkedHashSet<>(before == null ? List.of() : before.cidrs());
        Set<String> now = new LinkedHashSet<>(after.cidrs());
        List<String> added = new ArrayList<>();
        for (String cidr : now) {
            if (!old.contains(cidr)) {
                added.add(cidr);
            }
        }
        List<String> removed = new ArrayList<>();
        for (String cidr : old) {
            if (!now.contains(cidr)) {
                removed.add(cidr);
            }
        }
        return new RangeDiff(List.copyOf(added), List.copyOf(removed));
    }

    boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty();
    }

    /** {@code 2 added, 13 removed: +[a, b] -[c, d, ... and 11 more]}. */
    String summary() {
        return added.size() + " added, " + removed.size() + " removed: +" + shown(added) + " -" + shown(removed);
    }

    private static String shown(List<String> cidrs) {
        if (cidrs.size() <= SHOWN) {
            return cidrs.toString();
        }
        return "[" + String.join(", ", cidrs.subList(0, SHOWN)) + ", ... and " + (cidrs.size() - SHOWN) + " more]";
    }
}
