package dev.originguard.spring.http;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Picks Tomcat: both Tomcat and Jetty are on the test class path (Boot would pick Jetty), and a factory bean
 * makes the other server's auto-configuration back off.
 */
@Configuration(proxyBeanMethods = false)
class OnTomcat {

    @Bean
    TomcatServletWebServerFactory tomcatServletWebServerFactory() {
        return new TomcatServletWebServerFactory();
    }
}
