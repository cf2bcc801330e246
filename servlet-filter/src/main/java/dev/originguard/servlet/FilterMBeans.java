package dev.originguard.servlet;

import dev.originguard.explain.ExplainRequest;
import dev.originguard.source.RangeOrigin;
import jakarta.servlet.FilterConfig;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a filter's {@link OriginGuardFilterMXBean} with the platform MBean server, and unregisters it. A
 * name already taken (two applications with the same context path and filter name in one JVM) gets an
 * {@code instance=N} key added, with a WARN: JMX is a view, and must never stop a filter from protecting. A
 * filter initialised outside a container (no servlet context) registers nothing.
 */
final class FilterMBeans {

    private static final Logger log = LoggerFactory.getLogger(FilterMBeans.class);
    static final String DOMAIN = "dev.originguard";

    private final OriginGuardFilter filter;
    private ObjectName registered;

    FilterMBeans(OriginGuardFilter filter) {
        this.filter = filter;
    }

    /** The name of the filter of {@code config}. */
    static ObjectName name(FilterConfig config) throws JMException {
        String context = config.getServletContext() == null ? null : config.getServletContext().getContextPath();
        if (context == null || context.isEmpty()) {
            context = "/";
        }
        String filterName = config.getFilterName() == null ? "OriginGuardFilter" : config.getFilterName();
        return new ObjectName(DOMAIN + ":type=OriginGuardFilter,context=" + value(context) + ",name="
                + value(filterName));
    }

    private static String value(String text) {
        for (char c : text.toCharArray()) {
            if (c == ',' || c == '=' || c == ':' || c == '"' || c == '*' || c == '?' || c == '\n') {
                return ObjectName.quote(text);
            }
        }
        return text;
    }

    /** Under the filter's lifecycle monitor. */
    void register(FilterConfig config) {
        if (registered != null) {
            return;
        }
        if (config.getServletContext() == null) {
            return;
        }
        try {
            ObjectName name = name(config);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            StandardMBean bean = new StandardMBean(new View(filter), OriginGuardFilterMXBean.class, true);
            for (int instance = 2; ; instance++) {
                try {
                    server.registerMBean(bean, name);
                    registered = name;
                    return;
                } catch (InstanceAlreadyExistsException e) {
                    ObjectName next = new ObjectName(name(config) + ",instance=" + instance);
                    log.warn("OriginGuardFilter '{}': JMX name {} is taken by another filter; registering {}",
                            config.getFilterName(), name, next);
                    name = next;
                    if (instance > 100) {
                        return;
                    }
                }
            }
        } catch (JMException | RuntimeException e) {
            log.warn("OriginGuardFilter '{}': could not register its MXBean: {}", config.getFilterName(),
                    String.valueOf(e));
        }
    }

    /** Under the filter's lifecycle monitor. */
    void unregister() {
        ObjectName name = registered;
        registered = null;
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException | RuntimeException e) {
            log.warn("OriginGuardFilter: could not unregister its MXBean {}: {}", name, String.valueOf(e));
        }
    }

    /** The MXBean: each call reads the filter as it is now. */
    private static final class View implements OriginGuardFilterMXBean {

        private final OriginGuardFilter filter;

        View(OriginGuardFilter filter) {
            this.filter = filter;
        }

        @Override
        public String getStatus() {
            return StatusJson.of(filter.status());
        }

        @Override
        public String[] getRanges() {
            List<String> lines = new ArrayList<>();
            for (Map.Entry<String, List<RangeOrigin>> set : filter.ranges().entrySet()) {
                for (RangeOrigin o : set.getValue()) {
                    lines.add(set.getKey() + " " + o.cidr() + " " + o.entry() + (o.location() == null ? ""
                            : " " + o.location() + (o.fetchedAt() == null ? (o.fromCache() ? " from cache" : "")
                            : " fetched " + o.fetchedAt())));
                }
            }
            return lines.toArray(String[]::new);
        }

        @Override
        public String getPolicyError() {
            OriginGuardStatus.PolicyStatus policy = filter.status().policy();
            return policy == null ? null : policy.lastError();
        }

        @Override
        public String refresh() {
            filter.refreshRanges();
            return getStatus();
        }

        @Override
        public boolean reloadPolicy() {
            return filter.reloadPolicy();
        }

        @Override
        public String explain(String peer, String[] headers, String path) {
            return filter.explain(request(peer, headers, path)).text();
        }

        @Override
        public String explainJson(String peer, String[] headers, String path) {
            return filter.explain(request(peer, headers, path)).json();
        }

        private static ExplainRequest request(String peer, String[] headers, String path) {
            List<ExplainRequest.Header> lines = new ArrayList<>();
            if (headers != null) {
                for (String h : headers) {
                    if (h != null && !h.isBlank()) {
                        lines.add(ExplainRequest.Header.parse(h));
                    }
                }
            }
            if (peer == null || peer.isBlank()) {
                throw new IllegalArgumentException("peer is required, such as 10.0.0.5");
            }
            return new ExplainRequest(peer.strip(), lines, null, path == null || path.isBlank() ? null : path);
        }
    }
}
