package dev.originguard.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Stops a reactive (WebFlux) application that sets {@code originguard.*} keys when nothing can enforce them:
 * the servlet filter never sees a reactive request, so the app would start with a lock it does not keep.
 * Backs off when the {@code originguard-webflux} module, which protects reactive applications, is present,
 * and with {@code originguard.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnMissingClass("dev.originguard.webflux.OriginGuardWebFilter")
@ConditionalOnProperty(prefix = "originguard", name = "enabled", havingValue = "true", matchIfMissing = true)
public class ReactiveApplicationRefusal {

    /** Created by Spring. */
    public ReactiveApplicationRefusal() {
    }

    /** Throws {@link UnprotectedReactiveApplicationException} when any {@code originguard.*} key is set. */
    @Bean
    static Object originGuardReactiveCheck(ConfigurableEnvironment environment) {
        List<String> keys = settingsIn(environment);
        if (!keys.isEmpty()) {
            throw new UnprotectedReactiveApplicationException(keys);
        }
        return Boolean.TRUE;
    }

    /** Every {@code originguard.*} key (or {@code ORIGINGUARD_*} variable) with the source that sets it. */
    private static List<String> settingsIn(ConfigurableEnvironment environment) {
        List<String> keys = new ArrayList<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    if ((name.startsWith(KnownProperties.PREFIX + ".") || name.startsWith("ORIGINGUARD_"))
                            && !name.equalsIgnoreCase("originguard.enabled")
                            && !name.equals("ORIGINGUARD_ENABLED")) {
                        keys.add(name + " (from " + source.getName() + ")");
                    }
                }
            }
        }
        return keys;
    }
}
