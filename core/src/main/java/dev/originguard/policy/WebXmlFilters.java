package dev.originguard.policy;

import dev.originguard.ConfigurationException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the init-params of every {@code OriginGuardFilter} declared in a {@code web.xml} (or a
 * {@code web-fragment.xml}), by filter-name, with the line of each param-name. StAX with DTDs and external
 * entities off: a DOCTYPE is skipped without being fetched, and an entity it declares is never expanded, so
 * neither an external-entity read (XXE) nor a billion-laughs expansion can happen.
 */
final class WebXmlFilters {

    /** The class names of the filter, jakarta and javax builds alike. */
    static final String FILTER_CLASS = "dev.originguard.servlet.OriginGuardFilter";

    private WebXmlFilters() {
    }

    /** filter-name to its init-params, in the order of the file; filters of other classes left out. */
    static Map<String, List<WrittenValue>> parse(String text, String file) {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        Map<String, List<WrittenValue>> filters = new LinkedHashMap<>();
        XMLStreamReader xml = null;
        try {
            xml = factory.createXMLStreamReader(new StringReader(text));
            String filterName = null;
            String filterClass = null;
            List<WrittenValue> params = null;
            String paramName = null;
            int paramLine = 0;
            String paramValue = null;
            StringBuilder chars = new StringBuilder();
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new ConfigurationException(file + ":" + xml.getLocation().getLineNumber(),
                            "&" + xml.getLocalName() + ";", "is an entity reference; entities are not expanded "
                                    + "in a settings file, write the value out");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    chars.setLength(0);
                    switch (xml.getLocalName()) {
                        case "filter" -> {
                            filterName = null;
                            filterClass = null;
                            params = new ArrayList<>();
                        }
                        case "init-param" -> {
                            paramName = null;
                            paramValue = null;
                        }
                        case "param-name" -> paramLine = xml.getLocation().getLineNumber();
                        default -> {
                        }
                    }
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    chars.append(xml.getText());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    String body = chars.toString().strip();
                    chars.setLength(0);
                    switch (xml.getLocalName()) {
                        case "filter-name" -> filterName = body;
                        case "filter-class" -> filterClass = body;
                        case "param-name" -> paramName = body;
                        case "param-value" -> paramValue = body;
                        case "init-param" -> {
                            if (params != null && paramName != null) {
                                params.add(new WrittenValue(paramName, paramValue == null ? "" : paramValue,
                                        paramLine));
                            }
                        }
                        case "filter" -> {
                            if (params != null && FILTER_CLASS.equals(filterClass)) {
                                String name = filterName == null || filterName.isEmpty()
                                        ? "filter" + (filters.size() + 1) : filterName;
                                if (filters.containsKey(name)) {
                                    throw new ConfigurationException(file, name, "is the filter-name of two "
                                            + "OriginGuardFilter declarations");
                                }
                                filters.put(name, List.copyOf(params));
                            }
                            params = null;
                        }
                        default -> {
                        }
                    }
                }
            }
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
            throw new ConfigurationException(file + (line > 0 ? ":" + line : ""), "",
                    "is not well-formed XML (DTDs and entities are not read): "
                            + e.getMessage().replaceAll("\\s+", " ").replaceFirst("^ParseError at \\[[^]]*]\\s*Message: ", ""));
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException e) {
                    // nothing held: the input is a string
                }
            }
        }
        return filters;
    }
}
