package dev.originguard;

import java.util.List;

/**
 * Reads a header's lines from a request of type {@code R}, for
 * {@link ClientIpResolver#resolve(String, Object, HeaderReader, PeerCheck)} when several client-IP sources are
 * configured: the resolver asks only for the headers its walk reaches. Implement it once, as a stateless
 * constant, so a request costs no reader allocation.
 *
 * @param <R> the request type, such as {@code HttpServletRequest}
 */
@FunctionalInterface
public interface HeaderReader<R> {

    /**
     * The lines of header {@code name} in the order received; an empty list when it is absent. Must not
     * throw on any header content.
     */
    List<String> lines(R request, String name);
}
