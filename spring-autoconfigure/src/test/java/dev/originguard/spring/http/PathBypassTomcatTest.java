package dev.originguard.spring.http;

import org.springframework.boot.test.context.SpringBootTest;

/** {@link PathBypassContract} on Tomcat. */
@SpringBootTest(classes = {PathApp.class, OnTomcat.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {PathBypassContract.PROPERTIES_PROXY, PathBypassContract.PROPERTIES_LOCK,
                PathBypassContract.PROPERTIES_EXEMPT, PathBypassContract.PROPERTIES_LIMITS,
                PathBypassContract.PROPERTIES_PATHS})
class PathBypassTomcatTest extends PathBypassContract {
}
