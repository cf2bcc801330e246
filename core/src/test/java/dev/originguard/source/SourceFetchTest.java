package dev.originguard.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.originguard.AddressSet;
import dev.originguard.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFetchTest {

    @TempDir
    Path dir;

    @Test
    void oneSourceIsReadWithARefreshsValidation() throws IOException {
        Path file = dir.resolve("lb.txt");
        Files.writeString(file, "10.1.0.0/16\n10.3.0.0/16\n10.5.0.0/16\n");

        SourceFetch fetched = SourceFetch.fetch("file:" + file, null, RefreshSettings.defaults());

        assertThat(fetched.set().cidrs()).containsExactly("10.1.0.0/16", "10.3.0.0/16", "10.5.0.0/16");
        assertThat(fetched.location()).isEqualTo("file:" + file);
        assertThat(fetched.bodySha256()).hasSize(64);

        AddressSet previous = AddressSet.of("10.1.0.0/16", "10.3.0.0/16", "10.5.0.0/16", "10.7.0.0/16",
                "10.9.0.0/16", "10.11.0.0/16", "10.13.0.0/16");
        assertThatThrownBy(() -> SourceFetch.fetch("file:" + file, previous, RefreshSettings.defaults()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("dropped 4 of the previous 7");
    }

    @Test
    void anythingButOneSourceIsRefused() {
        assertThatThrownBy(() -> SourceFetch.fetch("10.0.0.0/8", null, RefreshSettings.defaults()))
                .hasMessageContaining("is not one range source");
        assertThatThrownBy(() -> SourceFetch.fetch("file:/a, file:/b", null, RefreshSettings.defaults()))
                .hasMessageContaining("is not one range source");
    }

    @Test
    void aReviewedListIsValidatedAndNamesTheBadLine() throws IOException {
        Path list = dir.resolve("reviewed.txt");
        Files.writeString(list, "# reviewed 2026-12-01\n173.245.48.0/20\n0.0.0.0/0\n");

        assertThatThrownBy(() -> SourceFetch.readList(list, RefreshSettings.defaults()))
                .hasMessageContaining(list + ":3").hasMessageContaining("covers every address");
    }
}
