package dev.originguard.spring.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

/** The same contract on Jetty. */
@SpringBootTest(classes = {TestApp.class, OnJetty.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JettyTest extends ServerContract {

    @Autowired
    ServletWebServerApplicationContext context;

    @Test
    void runsOnJetty() {
        assertThat(context.getWebServer()).isInstanceOf(JettyWebServer.class);
    }
}
