package dev.originguard;

import dev.originguard.internal.ForwardedTarget;
import dev.originguard.internal.HeaderTokens;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The shared tokenizer read both ways: {@link ForwardedChain}'s walk splits from the right with
 * {@link HeaderTokens#elementStart}, {@link ForwardedTarget} from the left with
 * {@link HeaderTokens#unquotedIndexOf} and {@link HeaderTokens#indexOf}. On random header text both directions
 * must find the same elements, and without quotes the same as {@link String#split}.
 */
class HeaderTokensTest {

    private static final char[] ALPHABET = {',', ',', '"', ' ', '\t', ';', '=', '1', '.', ':', 'a', '[', ']'};

    @Test
    void bothDirectionsFindTheSameElements() {
        Random random = new Random(20261202L);
        for (int n = 0; n < 20_000; n++) {
            String line = randomLine(random);
            List<String> fromRight = fromRight(line, false);
            assertThat(fromLeft(line, false)).as(line).isEqualTo(fromRight);
            assertThat(fromRight).as(line).isEqualTo(Arrays.asList(line.split(",", -1)));
            List<String> quoted = fromLeft(line, true);
            if (quoted != null) { // null: a quote left open, which ForwardedTarget ignores
                assertThat(fromRight(line, true)).as(line).isEqualTo(quoted);
            }
        }
    }

    @Test
    void quotedCommasAndSemicolonsDoNotSplit() {
        String line = "for=\"[2001:db8::1]:80,x\";proto=https, for=192.0.2.1";
        assertThat(fromLeft(line, true)).containsExactly("for=\"[2001:db8::1]:80,x\";proto=https", " for=192.0.2.1");
        assertThat(fromRight(line, true)).containsExactly("for=\"[2001:db8::1]:80,x\";proto=https", " for=192.0.2.1");
        assertThat(HeaderTokens.unquotedIndexOf(line, ';', 0, line.length())).isEqualTo(line.indexOf(";proto"));
        assertThat(HeaderTokens.unquotedIndexOf("a=\"b;c", ';', 0, 6)).isEqualTo(-1);
        assertThat(HeaderTokens.unquotedIndexOf("a=b", ';', 0, 3)).isEqualTo(3);
    }

    @Test
    void trimsOnlySpacesAndTabs() {
        String s = " \t 1.2.3.4 \t\n";
        assertThat(HeaderTokens.trimStart(s, 0, s.length())).isEqualTo(3);
        assertThat(HeaderTokens.trimEnd(s, 3, s.length())).isEqualTo(s.length());
        assertThat(HeaderTokens.trimEnd(s, 3, s.length() - 1)).isEqualTo(10);
        assertThat(HeaderTokens.trimStart("   ", 0, 3)).isEqualTo(3);
        assertThat(HeaderTokens.trimEnd("   ", 3, 3)).isEqualTo(3);
        assertThat(HeaderTokens.onlySeparators(" ,\t, ", 0, 5)).isTrue();
        assertThat(HeaderTokens.onlySeparators(" ,x", 0, 3)).isFalse();
    }

    private static String randomLine(Random random) {
        char[] chars = new char[random.nextInt(24)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }

    /** The elements left to right, as the walk finds them from the right. */
    private static List<String> fromRight(String line, boolean quoteAware) {
        List<String> elements = new ArrayList<>();
        int end = line.length();
        while (true) {
            int start = HeaderTokens.elementStart(line, end, quoteAware, 0);
            elements.add(0, line.substring(start, end));
            if (start == 0) {
                return elements;
            }
            end = start - 1;
        }
    }

    /** The elements left to right, as ForwardedTarget finds them; null when a quote is left open. */
    private static List<String> fromLeft(String line, boolean quoteAware) {
        List<String> elements = new ArrayList<>();
        int n = line.length();
        int from = 0;
        while (from <= n) {
            int to;
            if (quoteAware) {
                to = HeaderTokens.unquotedIndexOf(line, ',', from, n);
                if (to < 0) {
                    return null;
                }
            } else {
                int comma = HeaderTokens.indexOf(line, ',', from, n);
                to = comma < 0 ? n : comma;
            }
            elements.add(line.substring(from, to));
            from = to + 1;
        }
        return elements;
    }
}
