package dev.originguard.bench;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

/** A {@link FilterConfig} with the given init-params, as a web.xml {@code <filter>} would give them. */
public final class MapFilterConfig implements FilterConfig {

    private final String name;
    private final ServletContext context;
    private final Map<String, String> params;

    /** A config named {@code name} in {@code context}. */
    public MapFilterConfig(String name, ServletContext context, Map<String, String> params) {
        this.name = name;
        this.context = context;
        this.params = Map.copyOf(params);
    }

    @Override
    public String getFilterName() {
        return name;
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    @Override
    public String getInitParameter(String param) {
        return params.get(param);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(params.keySet());
    }
}
