package dev.originguard;

import dev.originguard.internal.HeaderTokens;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fuzzes the forwarding-header tokenizer the way the walk drives it: elements from the right, with and
 * without a read floor. Invariants: no exception; every position stays inside the line and moves left;
 * a located address lies inside its element, never spans a comma outside {@code Forwarded}, and when it
 * parses it holds address characters only (no whitespace or control characters from inside brackets or
 * quotes); the floor is never read past.
 *
 * <p>Input: the first byte picks the format, the rest (UTF-8) is one header line. Without
 * {@code JAZZER_FUZZ} this replays {@code ForwardedChainFuzzTestInputs/tokenize/}.
 */
class ForwardedChainFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void tokenize(byte[] input) {
        if (input.length == 0) {
            return;
        }
        HeaderFormat format = HeaderFormat.values()[(input[0] & 0xFF) % HeaderFormat.values().length];
        String line = new String(Arrays.copyOfRange(input, 1, input.length), StandardCharsets.UTF_8);
        boolean quoteAware = format == HeaderFormat.FORWARDED;

        int end = line.length();
        int elements = 0;
        while (true) {
            int start = HeaderTokens.elementStart(line, end, quoteAware, 0);
            assertThat(start).isBetween(0, end);
            long loc = ForwardedChain.locateAddress(line, start, end, format);
            if (loc >= 0) {
                int from = ForwardedChain.from(loc);
                int to = ForwardedChain.to(loc);
                assertThat(from).isBetween(start, to);
                assertThat(to).isBetween(from, end);
                String located = line.substring(from, to);
                if (!quoteAware) {
                    assertThat(located).doesNotContain(",");
                }
                // Text inside quotes or brackets is taken verbatim (whitespace and all); whatever the
                // address parser then accepts is made of address characters only.
                if (AddressTextFuzzTest.parse(located) != null) {
                    assertThat(located).matches("[0-9a-fA-F:.]+");
                }
            } else {
                assertThat(loc).isIn(ForwardedChain.INVALID, ForwardedChain.EMPTY);
            }
            assertThat(++elements).isLessThanOrEqualTo(line.length() + 1);
            if (start == 0) {
                break;
            }
            end = start - 1;
        }

        // With a floor (the read budget), the element start is never left of it: -1 means "budget spent".
        for (int floor = 1; floor <= line.length(); floor += Math.max(1, line.length() / 8)) {
            int start = HeaderTokens.elementStart(line, line.length(), quoteAware, floor);
            assertThat(start == -1 || start >= floor).as("start %d with floor %d", start, floor).isTrue();
        }
    }
}
