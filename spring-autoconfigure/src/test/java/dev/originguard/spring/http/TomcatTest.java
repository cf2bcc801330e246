package dev.originguard.spring.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

@SpringBootTest(classes = {TestApp.class, OnTomcat.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TomcatTest extends ServerContract {

    @Autowired
    ServletWebServerApplicationContext context;

    @Test
    void runsOnTomcat() {
        assertThat(context.getWebServer()).isInstanceOf(TomcatWebServer.class);
    }
}
