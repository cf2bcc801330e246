package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a location without scheme becomes absolute from the restored origin, as the containers resolve it. */
class RedirectLocationTest {

    private static final String ORIGIN = "https://shop.example";

    private static String absolute(String location, String requestUri) {
        return RedirectLocation.absolute(location, "https", ORIGIN, requestUri);
    }

    @Test
    void schemesAreRecognisedAndPathsAreNot() {
        assertThat(RedirectLocation.hasScheme("https://x/")).isTrue();
        assertThat(RedirectLocation.hasScheme("mailto:a@b")).isTrue();
        assertThat(RedirectLocation.hasScheme("/login")).isFalse();
        assertThat(RedirectLocation.hasScheme("//cdn.example/x")).isFalse();
        assertThat(RedirectLocation.hasScheme("next?a=b:c")).isFalse();
        assertThat(RedirectLocation.hasScheme(":x")).isFalse();
        assertThat(RedirectLocation.hasScheme("1http://x")).isFalse();
    }

    @Test
    void pathsRelativeReferencesAndNetworkPathsResolveAgainstTheRequest() {
        assertThat(absolute("/login", "/app/page")).isEqualTo("https://shop.example/login");
        assertThat(absolute("next", "/app/page")).isEqualTo("https://shop.example/app/next");
        assertThat(absolute("next", "/app/")).isEqualTo("https://shop.example/app/next");
        assertThat(absolute("?page=2", "/app/list")).isEqualTo("https://shop.example/app/list?page=2");
        assertThat(absolute("", "/app/list")).isEqualTo("https://shop.example/app/list");
        assertThat(absolute("//cdn.example/x", "/app/")).isEqualTo("https://cdn.example/x");
    }

    @Test
    void dotSegmentsAreRemovedNeverAboveTheRootAndTheQueryIsKept() {
        assertThat(absolute("../next", "/app/dir/page")).isEqualTo("https://shop.example/app/next");
        assertThat(absolute("../../../../x", "/app/page")).isEqualTo("https://shop.example/x");
        assertThat(absolute("./", "/app/page")).isEqualTo("https://shop.example/app/");
        assertThat(absolute("/a/./b/../c?q=/../x#f", "/")).isEqualTo("https://shop.example/a/c?q=/../x#f");
        assertThat(absolute("..", "/app/dir/page")).isEqualTo("https://shop.example/app/");
    }
}
