package dev.originguard.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Detects Spring Boot's own forwarded-header handling, which would hand OriginGuard a client address taken
 * from a header anyone can send instead of the TCP peer: {@code server.forward-headers-strategy=native}
 * (explicit, or Boot's default on a cloud platform that uses forward headers) makes Tomcat's RemoteIpValve or
 * Jetty's ForwardedRequestCustomizer rewrite the peer before any filter runs; {@code framework} registers
 * Spring's ForwardedHeaderFilter, which believes every peer, ahead of OriginGuard.
 */
final class ForwardHeadersConflict {

    static final String STRATEGY_PROPERTY = "server.forward-headers-strategy";
    private static final String FORWARDED_HEADER_FILTER = "org.springframework.web.filter.ForwardedHeaderFilter";
    private static final Logger log = LoggerFactory.getLogger(ForwardHeadersConflict.class);

    private ForwardHeadersConflict() {
    }

    /**
     * Fails (or, with {@code warn}, logs) when forwarded-header handling other than OriginGuard's is on.
     *
     * @throws ForwardHeadersConflictException explaining what rewrites the client and what to set instead
     */
    static void check(Environment environment, ListableBeanFactory beans,
            OriginGuardProperties.ConflictAction action) {
        List<String> problems = new ArrayList<>();
        String strategy = environment.getProperty(STRATEGY_PROPERTY);
        String normalized = strategy == null ? null : strategy.strip().toLowerCase(Locale.ROOT);
        if ("native".equals(normalized)) {
            problems.add(STRATEGY_PROPERTY + "=native makes the web server (Tomcat's RemoteIpValve, Jetty's"
                    + " ForwardedRequestCustomizer) replace the client address from X-Forwarded-For before any"
                    + " filter runs, so OriginGuard would check a forged address instead of the real peer");
        } else if (normalized == null || normalized.isEmpty()) {
            CloudPlatform platform = CloudPlatform.getActive(environment);
            if (platform != null && platform.isUsingForwardHeaders()) {
                problems.add("Spring Boot detected the cloud platform " + platform + " and, with "
                        + STRATEGY_PROPERTY + " unset, turns on the web server's native forwarded-header"
                        + " handling, which replaces the client address before any filter runs, so OriginGuard"
                        + " would check a forged address instead of the real peer");
            }
        } else if ("framework".equals(normalized)) {
            problems.add(STRATEGY_PROPERTY + "=framework registers Spring's ForwardedHeaderFilter, which believes"
                    + " X-Forwarded-For from every peer and runs before OriginGuard");
        }
        if (!"framework".equals(normalized)) {
            List<String> filterBeans = forwardedHeaderFilterBeans(beans);
            if (!filterBeans.isEmpty()) {
                problems.add("the application defines Spring's ForwardedHeaderFilter (bean " + filterBeans
                        + "), which believes X-Forwarded-For from every peer");
            }
        }
        if (problems.isEmpty()) {
            return;
        }
        ForwardHeadersConflictException conflict = new ForwardHeadersConflictException(problems);
        if (action == OriginGuardProperties.ConflictAction.WARN) {
            log.error("{} Starting anyway because originguard.forward-headers-conflict=warn.", conflict.getMessage());
            return;
        }
        throw conflict;
    }

    private static List<String> forwardedHeaderFilterBeans(ListableBeanFactory beans) {
        ClassLoader loader = ForwardHeadersConflict.class.getClassLoader();
        if (!ClassUtils.isPresent(FORWARDED_HEADER_FILTER, loader)) {
            return List.of();
        }
        Class<?> filter = ClassUtils.resolveClassName(FORWARDED_HEADER_FILTER, loader);
        List<String> names = new ArrayList<>(List.of(beans.getBeanNamesForType(filter)));
        names.addAll(List.of(beans.getBeanNamesForType(
                ResolvableType.forClassWithGenerics(FilterRegistrationBean.class, filter))));
        return names;
    }
}
