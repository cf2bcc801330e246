package dev.originguard.spring;

import dev.originguard.servlet.OriginGuardFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Covers a separate management port ({@code management.server.port} other than {@code server.port}): Boot runs
 * Actuator there in a child context with its own servlet container, which the application's filter
 * registration does not reach. The same filter (same settings, same counters, one set of refresh threads)
 * runs there too, so a locked origin stays locked on its management port; give a health checker that calls the
 * port directly {@code originguard.direct-allow} or {@code originguard.lock-origin-exempt-paths}.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({OriginGuardFilter.class, FilterRegistrationBean.class})
@ConditionalOnBean(OriginGuardFilter.class)
class OriginGuardManagementContextConfiguration {

    @Bean
    FilterRegistrationBean<Filter> originGuardManagementFilterRegistration(OriginGuardFilter filter,
            OriginGuardProperties properties) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new SharedFilter(filter));
        registration.setName("originGuardFilter");
        registration.setOrder(properties.getFilterOrder());
        registration.setAsyncSupported(true);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.INCLUDE,
                DispatcherType.ERROR, DispatcherType.ASYNC);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /**
     * The application context's filter, run by a second container: init and destroy stay with the owning
     * context, so the second container neither starts nor stops its refresh threads.
     */
    private static final class SharedFilter implements Filter {

        private final OriginGuardFilter filter;

        SharedFilter(OriginGuardFilter filter) {
            this.filter = filter;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            filter.doFilter(request, response, chain);
        }
    }
}
