package dev.originguard.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the hand-written JSON reader on arbitrary text: a document either parses into the documented
 * value types (nested no deeper than {@link JsonReader#MAX_DEPTH}) and survives a round trip through a
 * minimal writer unchanged, or is refused with a {@link JsonReader.JsonException} giving an offset inside
 * the text. No other exception escapes (in particular no {@link StackOverflowError}). Without
 * {@code JAZZER_FUZZ} this replays {@code JsonReaderFuzzTestInputs/parse/}.
 */
class JsonReaderFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] input) {
        check(new String(input, StandardCharsets.UTF_8));
    }

    /** Nesting far past the limit, too large for a seed file, is refused at the limit, not by the stack. */
    @Test
    void deepNestingIsRefusedAtTheLimit() {
        for (String open : List.of("[", "{\"a\":", "[{\"a\":")) {
            String deep = open.repeat(1_000_000);
            assertThatThrownBy(() -> JsonReader.parse(deep))
                    .isInstanceOf(JsonReader.JsonException.class)
                    .hasMessageContaining("nesting deeper than " + JsonReader.MAX_DEPTH);
        }
        String atLimit = "[".repeat(JsonReader.MAX_DEPTH + 1) + "]".repeat(JsonReader.MAX_DEPTH + 1);
        check(atLimit);
    }

    /** A huge number and a huge string are read in one linear pass. */
    @Test
    void hugeTokensAreRead() throws JsonReader.JsonException {
        assertThat(JsonReader.parse("1" + "0".repeat(2_000_000))).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(JsonReader.parse("0." + "0".repeat(2_000_000) + "1")).isEqualTo(0.0);
        assertThat((String) JsonReader.parse("\"" + "\\u0041".repeat(500_000) + "\"")).hasSize(500_000);
    }

    static void check(String text) {
        Object value;
        try {
            value = JsonReader.parse(text);
        } catch (JsonReader.JsonException e) {
            assertThat(e.getMessage()).startsWith("malformed JSON at offset ");
            String offset = e.getMessage().substring("malformed JSON at offset ".length()).split(":", 2)[0];
            assertThat(Integer.parseInt(offset)).isBetween(0, text.length());
            return;
        }
        assertThat(depth(value)).isLessThanOrEqualTo(JsonReader.MAX_DEPTH + 1);
        String written = write(value, new StringBuilder()).toString();
        try {
            assertThat(JsonReader.parse(written)).as("round trip of %s", written).isEqualTo(value);
        } catch (JsonReader.JsonException e) {
            throw new AssertionError("the reader refuses its own value written back: " + written, e);
        }
    }

    /** Levels of arrays and objects; checks every value is one of the documented types on the way. */
    private static int depth(Object value) {
        if (value instanceof Map<?, ?> map) {
            int max = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                assertThat(e.getKey()).isInstanceOf(String.class);
                max = Math.max(max, depth(e.getValue()));
            }
            return max + 1;
        }
        if (value instanceof List<?> list) {
            int max = 0;
            for (Object item : list) {
                max = Math.max(max, depth(item));
            }
            return max + 1;
        }
        assertThat(value == null || value instanceof String || value instanceof Double
                || value instanceof Boolean).as("type of %s", value).isTrue();
        if (value instanceof Double d) {
            assertThat(d.isNaN()).isFalse();
        }
        return 0;
    }

    /** Minimal JSON writer: every non-printable-ASCII character as a \\u escape, infinities as 1e999. */
    private static StringBuilder write(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(sep);
                write(e.getKey(), out).append(':');
                write(e.getValue(), out);
                sep = ",";
            }
            return out.append('}');
        }
        if (value instanceof List<?> list) {
            out.append('[');
            String sep = "";
            for (Object item : list) {
                write(item, out.append(sep));
                sep = ",";
            }
            return out.append(']');
        }
        if (value instanceof String s) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                    out.append(c);
                } else {
                    out.append(String.format("\\u%04x", (int) c));
                }
            }
            return out.append('"');
        }
        if (value instanceof Double d) {
            return out.append(d.isInfinite() ? (d > 0 ? "1e999" : "-1e999") : d.toString());
        }
        return out.append(value);
    }
}
