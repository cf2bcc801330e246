package dev.originguard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the path-interpretation check with raw request URIs (bytes as ISO-8859-1, as containers hand them
 * over). It must never throw, must bound its work, and must call a URI normalised only when decoding and
 * dot-segment removal, done here by the JDK, leave it as it is: otherwise some framework routes it elsewhere.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays {@code RequestPathFuzzTestInputs/normalForm/} (checked in) as a
 * regression test; see docs/security-model.md for the command that fuzzes.
 */
class RequestPathFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void normalForm(byte[] input) {
        String raw = new String(input, StandardCharsets.ISO_8859_1);
        String oracle = jdkNormalised(raw);

        RequestPath asIs = RequestPath.of(raw, "", raw, null);
        check(asIs, raw);
        if (asIs.normalised()) {
            assertThat(oracle).as("normalised '%s'", LogText.escape(raw)).isEqualTo(raw);
            assertThat(raw).doesNotContain("//", ";", "%", "\\").startsWith("/");
        }
        if (oracle != null) {
            RequestPath container = RequestPath.of(raw, "", oracle, null);
            check(container, oracle);
            assertThat(container.normalised()).as("'%s' routed on '%s'", LogText.escape(raw), LogText.escape(oracle))
                    .isEqualTo(asIs.normalised() && oracle.equals(raw));
        }
    }

    private static void check(RequestPath p, String container) {
        assertThat(p.containerPath()).isEqualTo(container);
        assertThat(p.interpretations()).isNotEmpty().first().isEqualTo(container);
        assertThat(p.interpretations()).hasSizeLessThanOrEqualTo(RequestPath.MAX_INTERPRETATIONS).doesNotHaveDuplicates();
        assertThat(p.toString()).isNotNull();
    }

    /** The path decoded (UTF-8) and with dot segments removed by the JDK; null when either refuses it. */
    private static String jdkNormalised(String raw) {
        try {
            String decoded = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
            return new URI(null, null, decoded, null).normalize().getPath();
        } catch (IllegalArgumentException | URISyntaxException e) {
            return null;
        }
    }
}
