package dev.originguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.AddressSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderListsTest {

    @Test
    void cloudFrontIsItsTwoHundredTwentyPrefixes() {
        List<String> cloudFront = ProviderLists.cloudFront();
        assertThat(cloudFront).hasSize(220);
        assertThat(cloudFront.stream().filter(c -> c.contains(":"))).hasSize(27);
        assertThat(Scenario.trustedEntries()).hasSize(223);
    }

    @Test
    void cloudflareIsTwentyTwoRanges() {
        assertThat(ProviderLists.cloudflare()).hasSize(22).contains("173.245.48.0/20", "2c0f:f248::/32");
    }

    @Test
    void azureIsEveryPrefixOfEveryTag() {
        List<String> azure = ProviderLists.azureAll();
        assertThat(azure).hasSize(90_493);
        assertThat(azure.stream().distinct().count()).isBetween(50_000L, 51_000L);
        AddressSet set = AddressSet.builder().addAll(azure, "Azure").build();
        // The tags overlap and abut (AzureCloud holds most of the others): 51,000 prefixes merge to ~1,600 ranges.
        assertThat(set.rangeCount()).isBetween(1_000, 3_000);
    }
}
