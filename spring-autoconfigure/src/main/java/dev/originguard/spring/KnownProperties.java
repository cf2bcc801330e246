package dev.originguard.spring;

import dev.originguard.internal.EditDistance;
import java.beans.PropertyDescriptor;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The {@code originguard.*} keys the starter binds, and the check that refuses any other key under
 * {@code originguard.}: a misspelt key must never start an unprotected application.
 *
 * <p>The keys are derived from {@link OriginGuardProperties} by the rules Boot's {@code JavaBeanBinder} applies:
 * every bean property (a getter) is a key in kebab-case; a property whose type is one of
 * {@code OriginGuardProperties}' nested classes is a group whose own properties are keys below it; any other
 * property is a leaf, below which only list indices ({@code [0]}) may follow. Adding a property to the classes
 * adds its key here; nothing is listed by hand.
 *
 * <p>A key as written is compared in Boot's uniform form (lower case, letters and digits only), so the relaxed
 * forms {@code lockOrigin}, {@code lock_origin} and {@code LOCK-ORIGIN} are accepted as Boot binds them. An
 * environment variable is accepted in the two forms Boot's {@code SystemEnvironmentPropertyMapper} binds: dots as
 * {@code _} and dashes removed ({@code ORIGINGUARD_RATELIMIT_IPV6PREFIX}), or every dot and dash as {@code _}
 * ({@code ORIGINGUARD_RATE_LIMIT_IPV6_PREFIX}); a mix of the two is not bound by Boot, so it is refused.
 */
final class KnownProperties {

    static final String PREFIX = "originguard";

    /** Uniform path ({@code ratelimit.mode}) to the key in kebab-case ({@code rate-limit.mode}). */
    private final Map<String, String> leaves = new LinkedHashMap<>();
    private final Set<String> groups = new LinkedHashSet<>();
    /** The words of the two environment-variable forms Boot binds, such as {@code ratelimit.ipv6prefix}. */
    private final Set<String> environmentForms = new LinkedHashSet<>();

    private KnownProperties(Class<?> root) {
        collect(root, "", "");
    }

    /** The keys of {@link OriginGuardProperties}. */
    static KnownProperties ofProperties() {
        return new KnownProperties(OriginGuardProperties.class);
    }

    /** Every known key in kebab-case without the prefix, such as {@code rate-limit.mode}. */
    Collection<String> keys() {
        return leaves.values();
    }

    private void collect(Class<?> type, String uniform, String dashed) {
        for (PropertyDescriptor d : BeanUtils.getPropertyDescriptors(type)) {
            if (d.getReadMethod() == null || d.getName().equals("class")) {
                continue;
            }
            String kebab = kebab(d.getName());
            String u = uniform + uniform(kebab);
            String k = dashed + kebab;
            Class<?> t = d.getPropertyType();
            if (isGroup(t)) {
                groups.add(u);
                collect(t, u + ".", k + ".");
            } else {
                leaves.put(u, k);
                environmentForms.add(u);
                environmentForms.add(k.replace('-', '.'));
            }
        }
    }

    /** A nested bean Boot binds property by property: one of {@code OriginGuardProperties}' own classes. */
    private static boolean isGroup(Class<?> t) {
        return t.getEnclosingClass() == OriginGuardProperties.class && !t.isEnum()
                && Modifier.isStatic(t.getModifiers());
    }

    /**
     * Refuses the first unknown {@code originguard.*} key of the environment, highest-precedence source first.
     *
     * @throws UnknownPropertyException naming the key as written, where it came from and a likely meant key
     */
    void check(ConfigurableEnvironment environment) {
        List<UnknownPropertyException.Unknown> unknown = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            boolean env = source instanceof SystemEnvironmentPropertySource;
            for (String name : enumerable.getPropertyNames()) {
                String path = env && name.indexOf('.') < 0 ? envPath(name) : path(name);
                if (path == null || path.isEmpty() || isKnown(path, env) || !seen.add(name)) {
                    continue;
                }
                Origin origin = source instanceof OriginLookup<?> ? OriginLookup.getOrigin(source, name) : null;
                unknown.add(new UnknownPropertyException.Unknown(name,
                        origin != null ? origin.toString() : "property source '" + source.getName() + "'",
                        suggestion(path)));
            }
        }
        if (!unknown.isEmpty()) {
            throw new UnknownPropertyException(unknown);
        }
    }

    /**
     * The uniform path below {@code originguard} of a key written with dots ({@code rate-limit.mode},
     * {@code trusted-proxies[0]}), or null when it is not under {@code originguard}. Indices are kept as
     * {@code []}.
     */
    static String path(String name) {
        ConfigurationPropertyName n = ConfigurationPropertyName.adapt(name, '.');
        if (n.getNumberOfElements() == 0 || n.isNumericIndex(0)
                || !n.getElement(0, ConfigurationPropertyName.Form.UNIFORM).equals(PREFIX)) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < n.getNumberOfElements(); i++) {
            if (n.isNumericIndex(i)) {
                sb.append("[]");
            } else {
                sb.append(sb.isEmpty() ? "" : ".").append(n.getElement(i, ConfigurationPropertyName.Form.UNIFORM));
            }
        }
        return sb.toString();
    }

    /** As {@link #path(String)} for an environment variable: {@code _} separates words, a number is an index. */
    static String envPath(String name) {
        String[] words = name.toLowerCase(Locale.ROOT).split("_+");
        if (words.length < 2 || !words[0].equals(PREFIX)) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < words.length; i++) {
            if (!words[i].isEmpty() && words[i].chars().allMatch(Character::isDigit)) {
                sb.append("[]");
            } else {
                sb.append(sb.isEmpty() ? "" : ".").append(words[i].replaceAll("[^a-z0-9]", ""));
            }
        }
        return sb.toString();
    }

    private boolean isKnown(String path, boolean env) {
        int index = path.indexOf("[]");
        String key = index < 0 ? path : path.substring(0, index);
        if (index >= 0 && !path.substring(index).replace("[]", "").isEmpty()) {
            return false; // something after an index: no property of ours is a list of beans
        }
        if (leaves.containsKey(key) || (index < 0 && groups.contains(key))) {
            return true;
        }
        return env && environmentForms.contains(key);
    }

    /** The known key nearest {@code path} by edit distance, if near enough to be a slip; else null. */
    String suggestion(String path) {
        int index = path.indexOf("[]");
        String key = (index < 0 ? path : path.substring(0, index)).replace(".", "");
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Map.Entry<String, String> e : leaves.entrySet()) {
            String known = e.getKey().replace(".", "");
            int d = EditDistance.between(key, known);
            if (d < bestDistance) {
                bestDistance = d;
                best = e.getValue();
            }
        }
        return best != null && bestDistance <= Math.max(2, Math.max(key.length(), uniform(best).length()) / 3)
                ? PREFIX + "." + best : null;
    }

    /** {@code lockOriginExemptPaths} to {@code lock-origin-exempt-paths}. */
    private static String kebab(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('-').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String uniform(String kebab) {
        return kebab.replaceAll("[^a-z0-9]", "");
    }
}
