package dev.originguard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogTextTest {

    @Test
    void plainTextIsReturnedAsIsWithoutACopy() {
        String text = "GET /api/whoami 198.51.100.7 \\ ü 中";
        assertThat(LogText.escape(text)).isSameAs(text);
        assertThat(LogText.escape((String) null)).isNull();
    }

    @Test
    void lineBreaksAndControlsBecomeJavaEscapes() {
        assertThat(LogText.escape("/a\r\nINFO forged")).isEqualTo("/a\\r\\nINFO forged");
        assertThat(LogText.escape("\t\u0000\u001b[31m\u007f")).isEqualTo("\\t\\u0000\\u001b[31m\\u007f");
        assertThat(LogText.escape("a\u0085b\u2028c\u2029d")).isEqualTo("a\\u0085b\\u2028c\\u2029d");
        assertThat(LogText.escape("\u202eevil\u2066\u2069")).isEqualTo("\\u202eevil\\u2066\\u2069");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x85, 0x2028, 0x2029})
    void nothingJavaOrUnicodeCountsAsALineBreakSurvives(int c) {
        // Every character that String.lines(), BufferedReader, a Unicode-aware viewer or regex \R may break on.
        String escaped = LogText.escape("before" + (char) c + "after");
        assertThat(escaped.lines().count()).isEqualTo(1);
        assertThat(escaped).doesNotContainPattern("\\R").doesNotContain(String.valueOf((char) c));
    }

    @Test
    void everyC0AndC1ControlIsEscaped() {
        for (char c = 0; c < 0xa0; c++) {
            boolean control = c < 0x20 || c >= 0x7f;
            assertThat(LogText.escape("x" + c).equals("x" + c)).as("U+%04x", (int) c).isEqualTo(!control);
        }
    }
}
