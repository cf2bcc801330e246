package dev.originguard.spring.http;

import org.springframework.boot.test.context.SpringBootTest;

/** {@link PathBypassContract} on Jetty. */
@SpringBootTest(classes = {PathApp.class, OnJetty.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {PathBypassContract.PROPERTIES_PROXY, PathBypassContract.PROPERTIES_LOCK,
                PathBypassContract.PROPERTIES_EXEMPT, PathBypassContract.PROPERTIES_LIMITS,
                PathBypassContract.PROPERTIES_PATHS})
class PathBypassJettyTest extends PathBypassContract {
}
