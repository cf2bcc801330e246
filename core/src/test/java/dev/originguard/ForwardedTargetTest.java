package dev.originguard;

import dev.originguard.internal.ForwardedTarget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardedTargetTest {

    private static ForwardedTarget proto(String... lines) {
        return ForwardedTarget.fromHeaders(List.of(lines), List.of(), List.of());
    }

    private static ForwardedTarget host(String... lines) {
        return ForwardedTarget.fromHeaders(List.of(), List.of(lines), List.of());
    }

    private static ForwardedTarget port(String... lines) {
        return ForwardedTarget.fromHeaders(List.of(), List.of(), List.of(lines));
    }

    @Test
    void httpsOnlyWhenEveryProtoValueSaysHttps() {
        assertThat(proto("https").scheme()).isEqualTo("https");
        assertThat(proto("HTTPS, https", " https ").scheme()).isEqualTo("https");
        assertThat(proto("https, http").scheme()).isEqualTo("http");
        assertThat(proto("http, https").scheme()).isEqualTo("http");
        assertThat(proto("https", "http").scheme()).isEqualTo("http");
    }

    @Test
    void theTlsSchemesCountAsHttpsAndWsAsHttp() {
        assertThat(proto("https, wss").scheme()).isEqualTo("https");
        assertThat(proto("WSS").scheme()).isEqualTo("https");
        assertThat(proto("wss, ws").scheme()).isEqualTo("http");
        assertThat(ForwardedTarget.fromHeaders(List.of("wss"), List.of(), List.of(), new String[] {"https"}).scheme())
                .isNull();
        assertThat(ForwardedTarget.fromForwarded(List.of("for=1.2.3.4;proto=wss")).scheme()).isEqualTo("https");
    }

    @Test
    void aProtoValueThatIsNeitherHttpNorHttpsVoidsTheScheme() {
        assertThat(proto("https, quic").scheme()).isNull();
        assertThat(proto("https;evil").scheme()).isNull();
        assertThat(proto("").scheme()).isNull();
        assertThat(proto(" , ").isEmpty()).isTrue();
    }

    @Test
    void hostIsTheRightMostValueBecauseTheNearestProxyAppendsIt() {
        ForwardedTarget t = host("forged.example, shop.example:8443");
        assertThat(t.host()).isEqualTo("shop.example");
        assertThat(t.port()).isEqualTo(8443);
        assertThat(host("forged.example", "shop.example, ").host()).isEqualTo("shop.example");
    }

    @Test
    void anInvalidRightMostHostIsIgnoredNotReplacedByAValueFurtherLeft() {
        assertThat(host("good.example, bad host").host()).isNull();
        assertThat(host("good.example, evil.example/path").host()).isNull();
        assertThat(host("a\r\nSet-Cookie: x").host()).isNull();
        assertThat(host("user@evil.example").host()).isNull();
        assertThat(host("evil..example").host()).isNull();
        assertThat(host(".example").host()).isNull();
        assertThat(host("example.").host()).isNull();
        assertThat(host("shop.example:0").host()).isNull();
        assertThat(host("shop.example:65536").host()).isNull();
        assertThat(host("shop.example:").host()).isNull();
        assertThat(host("a".repeat(254)).host()).isNull();
    }

    @Test
    void ipv6LiteralHostsKeepTheirBrackets() {
        ForwardedTarget t = host("[2001:db8::1]:8443");
        assertThat(t.host()).isEqualTo("[2001:db8::1]");
        assertThat(t.port()).isEqualTo(8443);
        assertThat(host("[2001:db8::zz]").host()).isNull();
        assertThat(host("2001:db8::1").host()).isNull();
    }

    @Test
    void portHeaderWinsOverTheHostsPortAndInvalidPortsAreIgnored() {
        assertThat(ForwardedTarget.fromHeaders(List.of(), List.of("shop.example:8443"), List.of("443")).port())
                .isEqualTo(443);
        assertThat(ForwardedTarget.fromHeaders(List.of(), List.of("shop.example:8443"), List.of("x")).port())
                .isEqualTo(8443);
        assertThat(port("80, 8080").port()).isEqualTo(8080);
        assertThat(port("+80").port()).isEqualTo(-1);
        assertThat(port("0").port()).isEqualTo(-1);
        assertThat(port("123456").port()).isEqualTo(-1);
    }

    @Test
    void forwardedProtoAndHostFollowTheSameRules() {
        ForwardedTarget t = ForwardedTarget.fromForwarded(List.of(
                "for=198.51.100.7;proto=https;host=\"forged.example\"",
                "for=10.0.0.1;proto=https;host=\"shop.example:8443\""));
        assertThat(t.scheme()).isEqualTo("https");
        assertThat(t.host()).isEqualTo("shop.example");
        assertThat(t.port()).isEqualTo(8443);

        assertThat(ForwardedTarget.fromForwarded(List.of("proto=https, proto=http")).scheme()).isEqualTo("http");
        assertThat(ForwardedTarget.fromForwarded(List.of("for=1.2.3.4")).isEmpty()).isTrue();
        assertThat(ForwardedTarget.fromForwarded(List.of("proto=https;proto=https")).scheme()).isNull();
        assertThat(ForwardedTarget.fromForwarded(List.of("host=\"a.example, b.example\"")).host()).isNull();
        assertThat(ForwardedTarget.fromForwarded(List.of("host=\"[2001:db8::1]:444\"")).host())
                .isEqualTo("[2001:db8::1]");
        assertThat(ForwardedTarget.fromForwarded(List.of("host=\"unclosed;proto=https")).isEmpty()).isTrue();
        assertThat(ForwardedTarget.fromForwarded(List.of("host=\"a\\\"b\"")).host()).isNull();
    }

    @Test
    void aHeaderLongerThanTheReadLimitIsIgnored() {
        String huge = "https,".repeat(ForwardedTarget.MAX_HEADER_CHARS / 6 + 1) + "https";
        assertThat(proto(huge).scheme()).isNull();
        assertThat(host(",".repeat(ForwardedTarget.MAX_HEADER_CHARS) + "shop.example").host()).isNull();
        assertThat(ForwardedTarget.fromForwarded(List.of(";".repeat(ForwardedTarget.MAX_HEADER_CHARS + 1)))
                .isEmpty()).isTrue();
    }

    @Test
    void ofValidatesEachPart() {
        assertThat(ForwardedTarget.of("HTTPS", "shop.example", 443))
                .isEqualTo(ForwardedTarget.fromHeaders(List.of("https"), List.of("shop.example:443"), List.of()));
        assertThat(ForwardedTarget.of(null, null, -1)).isSameAs(ForwardedTarget.none());
        assertThatThrownBy(() -> ForwardedTarget.of("ftp", null, -1)).hasMessageContaining("'ftp'");
        assertThatThrownBy(() -> ForwardedTarget.of(null, "a b", -1)).hasMessageContaining("'a b'");
        assertThatThrownBy(() -> ForwardedTarget.of(null, null, 70000)).hasMessageContaining("70000");
    }
}
