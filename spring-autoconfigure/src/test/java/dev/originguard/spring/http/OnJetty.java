package dev.originguard.spring.http;

import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Picks Jetty explicitly, as {@link OnTomcat} picks Tomcat. */
@Configuration(proxyBeanMethods = false)
class OnJetty {

    @Bean
    JettyServletWebServerFactory jettyServletWebServerFactory() {
        return new JettyServletWebServerFactory();
    }
}
