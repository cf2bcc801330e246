package dev.originguard.spring;

import dev.originguard.webflux.OriginGuardWebFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Registers the {@link OriginGuardWebFilter}, built from the same {@code originguard.*} properties as the
 * servlet filter, in a reactive (WebFlux) application when {@code dev.originguard:originguard-webflux} is on the
 * class path. Unknown keys stop start-up as in a servlet app; settings the WebFlux filter cannot honour (rate
 * limits, proxy certificates) stop it too. Off with {@code originguard.enabled=false}; backs off when the
 * application defines its own {@code OriginGuardWebFilter} bean.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(name = "dev.originguard.webflux.OriginGuardWebFilter")
@ConditionalOnProperty(prefix = "originguard", name = "enabled", havingValue = "true", matchIfMissing = true)
@Import(OriginGuardPropertiesConfiguration.class)
public class OriginGuardReactiveAutoConfiguration {

    /** Created by Spring. */
    public OriginGuardReactiveAutoConfiguration() {
    }

    /**
     * The WebFlux filter, closed (its refresh threads stopped) with the context.
     *
     * @throws dev.originguard.ConfigurationException naming the {@code originguard.*} property, value and reason
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    OriginGuardWebFilter originGuardWebFilter(KnownProperties knownProperties, OriginGuardProperties properties) {
        if (properties.getPolicyFile() != null) {
            // Ignoring it would start the reactive app without the policy a security team wrote for it.
            throw new dev.originguard.ConfigurationException(FilterFromProperties.PREFIX + "policy-file",
                    properties.getPolicyFile().toString(), "is not supported by the WebFlux filter yet: set the "
                    + "settings as originguard.* properties, or serve the application on the servlet stack");
        }
        try {
            return OriginGuardWebFilter.of(FilterFromProperties.settings(properties));
        } catch (dev.originguard.ConfigurationException e) {
            throw FilterFromProperties.asProperty(e);
        }
    }
}
