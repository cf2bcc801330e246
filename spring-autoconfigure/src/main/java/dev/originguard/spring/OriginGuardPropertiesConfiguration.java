package dev.originguard.spring;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Binds {@code originguard.*} to {@link OriginGuardProperties} and refuses, before anything is built, any key
 * under {@code originguard.} that the properties do not have ({@link KnownProperties}). Imported by
 * {@link OriginGuardAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OriginGuardProperties.class)
public class OriginGuardPropertiesConfiguration {

    /** The bean name of the checked key set. */
    static final String KNOWN_PROPERTIES_BEAN_NAME = "originGuardKnownProperties";

    /** Created by Spring. */
    public OriginGuardPropertiesConfiguration() {
    }

    /** The known keys, checked against the environment: created only if no unknown key is found. */
    @Bean(KNOWN_PROPERTIES_BEAN_NAME)
    static KnownProperties originGuardKnownProperties(ConfigurableEnvironment environment) {
        KnownProperties known = KnownProperties.ofProperties();
        known.check(environment);
        return known;
    }
}
