package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HiddenHeadersTest {

    @Test
    void hidesForwardingHeadersWhateverTheirCaseAndUnderscores() {
        HiddenHeaders hidden = HiddenHeaders.of("X-Cluster-Client-IP", null, "X-Origin-Verify");
        for (String name : new String[] {"X-Forwarded-For", "x-forwarded-for", "X_Forwarded_For", "X-FORWARDED_for",
                "Forwarded", "X-Real-IP", "CF-Connecting-IP", "cf_connecting_ip", "True-Client-IP", "X-Forwarded-Proto",
                "X-Forwarded-Host", "X-Forwarded-Port", "x-cluster-client-ip", "X_Origin_Verify"}) {
            assertThat(hidden.hides(name)).as(name).isTrue();
        }
    }

    @Test
    void leavesOtherHeadersAlone() {
        HiddenHeaders hidden = HiddenHeaders.of();
        for (String name : new String[] {"Host", "User-Agent", "X-Forwarded-Forr", "X-Forwarded", "Forwarded-For",
                "X-Request-Id", "", "X Forwarded For"}) {
            assertThat(hidden.hides(name)).as(name).isFalse();
        }
        assertThat(hidden.hides(null)).isFalse();
    }
}
