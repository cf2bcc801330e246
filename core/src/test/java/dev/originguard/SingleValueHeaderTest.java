package dev.originguard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A single-value header ({@link HeaderFormat#SINGLE}) holds one address: a list is malformed whatever its
 * right-most entry is. Before the fix a list was malformed only when its right-most entry was trusted, and
 * otherwise the right-most entry became the client (spoofing catalogue row SI1).
 */
class SingleValueHeaderTest {

    private final ClientIpResolver resolver = ClientIpResolver.builder()
            .trustedProxies(AddressSet.of("10.0.0.0/8"))
            .header("X-Real-IP")
            .build();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.2.3.4, 203.0.113.7      | 10.0.0.1    | MALFORMED | false",
        "10.0.0.5, 203.0.113.7     | 10.0.0.1    | MALFORMED | false",
        "1.2.3.4, 10.0.0.5         | 10.0.0.1    | MALFORMED | false",
        "'unknown, 203.0.113.7'    | 10.0.0.1    | MALFORMED | false",
        "203.0.113.7               | 203.0.113.7 | FORWARDED | true",
        "'203.0.113.7, '           | 203.0.113.7 | FORWARDED | true",
        "', ,203.0.113.7'          | 203.0.113.7 | FORWARDED | true",
    })
    void aListIsMalformed(String value, String client, Resolution.Rule rule, boolean known) {
        Resolution r = resolver.resolve("10.0.0.1", value);

        assertThat(r.clientIp()).isEqualTo(client);
        assertThat(r.rule()).isEqualTo(rule);
        assertThat(r.clientKnown()).isEqualTo(known);
    }
}
