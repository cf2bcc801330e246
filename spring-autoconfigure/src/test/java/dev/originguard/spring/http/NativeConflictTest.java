package dev.originguard.spring.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** On a real Tomcat, server.forward-headers-strategy=native stops start-up before a request is served. */
class NativeConflictTest {

    @Test
    void nativeOnTomcatFailsStartUp() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(TestApp.class, OnTomcat.class)
                .properties("server.port=0", "server.forward-headers-strategy=native",
                        "originguard.trusted-proxies=127.0.0.1")
                .run().close())
                .rootCause()
                .hasMessageContaining("server.forward-headers-strategy=native")
                .hasMessageContaining("Set server.forward-headers-strategy=none");
    }
}
