package dev.originguard;

import java.util.List;

/**
 * Which headers a several-source walk passed trusted entries in, in order, and how many of each: enough to
 * list {@link Resolution#trustedHops()} later, on demand, without formatting anything during the walk.
 */
final class SourceTrail {

    private final SourceWalk.Source[] sources;
    private final Object[] lines; // the walk's header lines, by source; shared, read only after the walk
    private final int[] visits; // pairs: source index, trusted entries passed in it
    private int size;

    SourceTrail(SourceWalk.Source[] sources, Object[] lines) {
        this.sources = sources;
        this.lines = lines;
        this.visits = new int[2 * sources.length];
    }

    void visit(int source) {
        if (size > 0 && visits[size - 2] == source) {
            visits[size - 1]++;
        } else {
            visits[size] = source;
            visits[size + 1] = 1;
            size += 2;
        }
    }

    /** Appends the canonical text of every trusted entry passed, nearest first. */
    @SuppressWarnings("unchecked")
    void collect(ClientIpResolver resolver, List<String> out) {
        for (int v = 0; v < size; v += 2) {
            SourceWalk.Source source = sources[visits[v]];
            ClientIpResolver.collectEntries((List<String>) lines[visits[v]], source.format(), visits[v + 1], out);
        }
    }
}
