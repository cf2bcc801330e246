package dev.originguard.spring;

import dev.originguard.servlet.OriginGuardFilter;
import dev.originguard.servlet.OriginGuardStatus;
import org.springframework.context.ApplicationEventPublisher;
import jakarta.servlet.DispatcherType;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Registers the {@link OriginGuardFilter}, built from {@code originguard.*} ({@link OriginGuardProperties}),
 * in a servlet web application, for every dispatcher type, at {@code originguard.filter-order}
 * ({@link OriginGuardProperties#DEFAULT_FILTER_ORDER}: before Spring Security's filter chain at -100 and before
 * anything that reads the client address). Off with {@code originguard.enabled=false}; backs off when the
 * application defines its own {@code OriginGuardFilter} bean or {@code FilterRegistrationBean} of one. Start-up
 * fails when Spring Boot's own forwarded-header handling is on (see {@code originguard.forward-headers-conflict}),
 * and when a key under {@code originguard.} is not a setting (a misspelling would otherwise start unprotected).
 * With {@code originguard.policy-file} the filter's settings come from that file (polled and reloaded), and an
 * {@code originguard.*} setting also in the file stops start-up. Every policy reload or refusal and every range
 * source change is published as an {@link OriginGuardChangeEvent}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({OriginGuardFilter.class, FilterRegistrationBean.class})
@ConditionalOnProperty(prefix = "originguard", name = "enabled", havingValue = "true", matchIfMissing = true)
@Import(OriginGuardPropertiesConfiguration.class)
public class OriginGuardAutoConfiguration {

    /** The bean name of the filter's registration. */
    public static final String REGISTRATION_BEAN_NAME = "originGuardFilterRegistration";

    private static final Logger log = LoggerFactory.getLogger(OriginGuardAutoConfiguration.class);

    /** Created by Spring. */
    public OriginGuardAutoConfiguration() {
    }

    /**
     * The filter built from the properties, registered for every dispatcher type with async support.
     *
     * @throws dev.originguard.ConfigurationException naming the {@code originguard.*} property, value and reason
     */
    @Bean(REGISTRATION_BEAN_NAME)
    @ConditionalOnMissingBean(value = OriginGuardFilter.class, parameterizedContainer = FilterRegistrationBean.class)
    FilterRegistrationBean<OriginGuardFilter> originGuardFilterRegistration(KnownProperties knownProperties,
            OriginGuardProperties properties, Environment environment, ListableBeanFactory beans,
            ApplicationEventPublisher events) {
        ForwardHeadersConflict.check(environment, beans, properties.getForwardHeadersConflict());
        ChangeEventPublisher publisher = new ChangeEventPublisher(events);
        OriginGuardFilter filter = FilterFromProperties.build(properties, environment, publisher);
        publisher.source(filter);
        FilterRegistrationBean<OriginGuardFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setName("originGuardFilter");
        registration.setOrder(properties.getFilterOrder());
        registration.setAsyncSupported(true);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.INCLUDE,
                DispatcherType.ERROR, DispatcherType.ASYNC);
        registration.addUrlPatterns("/*");
        OriginGuardStatus status = filter.status();
        log.info("OriginGuard: lock-origin={}, client IP from {}, {} trusted proxy ranges{}{}",
                status.lockOrigin().name().toLowerCase(Locale.ROOT), status.clientIpHeader(),
                status.sets().get(0).rangeCount(), status.rateLimit() != null ? ", rate limiting on" : "",
                status.policy() != null ? ", policy file " + status.policy().file() : "");
        return registration;
    }

    /**
     * The registered filter as a bean, for the Actuator endpoint, health indicator and metrics, and for
     * application code. Closed (its refresh threads stopped) with the context.
     */
    @Bean(destroyMethod = "destroy")
    @ConditionalOnBean(name = REGISTRATION_BEAN_NAME)
    OriginGuardFilter originGuardFilter(FilterRegistrationBean<OriginGuardFilter> originGuardFilterRegistration) {
        return originGuardFilterRegistration.getFilter();
    }
}
