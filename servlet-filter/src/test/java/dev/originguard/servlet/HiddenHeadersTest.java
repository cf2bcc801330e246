package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HiddenHeadersTest {

    /** Every X-Forwarded-* a proxy or framework is known to send, plus invented ones: the family is hidden. */
    static final String[] FORWARDED_FAMILY = {"X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
        "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Forwarded-Server", "X-Forwarded-Ssl", "X-Forwarded-Scheme",
        "X-Forwarded-Uri", "X-Forwarded-Client-Cert", "X-Forwarded-Path", "X-Forwarded-By", "X-Forwarded-Tls-Version",
        "X-Forwarded-Anything-New", "X-Forwarded-Forr", "X-Forwarded-"};

    @Test
    void hidesForwardingHeadersWhateverTheirCaseAndUnderscores() {
        HiddenHeaders hidden = HiddenHeaders.of("X-Origin-Verify", "X-Cluster-Client-IP", null);
        for (String name : new String[] {"X-Forwarded-For", "x-forwarded-for", "X_Forwarded_For", "X-FORWARDED_for",
                "Forwarded", "FORWARDED", "X-Real-IP", "CF-Connecting-IP", "cf_connecting_ip", "True-Client-IP",
                "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port", "x-cluster-client-ip", "X_Origin_Verify"}) {
            assertThat(hidden.hides(name)).as(name).isTrue();
        }
    }

    @Test
    void hidesTheWholeXForwardedFamilyInEveryCaseAndUnderscoreSpelling() {
        HiddenHeaders hidden = HiddenHeaders.of(null);
        for (String name : FORWARDED_FAMILY) {
            for (String spelling : spellings(name)) {
                assertThat(hidden.hides(spelling)).as(spelling).isTrue();
            }
        }
    }

    @Test
    void leavesOtherHeadersAlone() {
        HiddenHeaders hidden = HiddenHeaders.of(null);
        for (String name : new String[] {"Host", "User-Agent", "X-Forwarded", "X-Forwardedfor", "Forwarded-For",
                "Forwardedx", "X-Request-Id", "", "X Forwarded For", "XX-Forwarded-For", " X-Forwarded-For",
                "X-Origin-Verify"}) {
            assertThat(hidden.hides(name)).as(name).isFalse();
        }
        assertThat(hidden.hides(null)).isFalse();
        assertThat(hidden.secretOnly()).as("no secret configured: nothing to hide by default").isNull();
    }

    @Test
    void theSecretOnlySetHidesTheSecretHeaderInEverySpellingAndNothingElse() {
        HiddenHeaders secretOnly = HiddenHeaders.of("X-Origin-Verify", "X-Forwarded-For").secretOnly();
        for (String spelling : spellings("X-Origin-Verify")) {
            assertThat(secretOnly.hides(spelling)).as(spelling).isTrue();
        }
        for (String name : new String[] {"X-Forwarded-For", "X-Forwarded-Proto", "Forwarded", "X-Real-IP",
                "X-Origin-Verif", "X-Origin-Verify2", "Host"}) {
            assertThat(secretOnly.hides(name)).as(name).isFalse();
        }
        assertThat(secretOnly.secretOnly()).isSameAs(secretOnly);
    }

    /** As written, lower, upper, every '-' as '_', and a mixed one. */
    static String[] spellings(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        int firstDash = name.indexOf('-');
        String mixed = firstDash < 0 ? lower : lower.substring(0, firstDash) + "_" + upper.substring(firstDash + 1);
        return new String[] {name, lower, upper, name.replace('-', '_'), upper.replace('-', '_'), mixed};
    }
}
