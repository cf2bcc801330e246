package dev.originguard.policy;

import dev.originguard.ConfigurationException;
import dev.originguard.settings.OriginGuardSettings;
import dev.originguard.settings.Setting;
import dev.originguard.settings.SettingsText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One file's OriginGuard settings, with where each was written: a policy file owned by a security team, a
 * {@code web.xml}, or a Spring Boot {@code application.properties}/{@code application.yml}. Read with
 * {@link #read(Path)}, which detects the kind by content, never by file name:
 * <ul>
 *   <li>XML: the init-params of each {@code OriginGuardFilter} in it, one {@code PolicyFile} per filter, named
 *       by its filter-name ({@link Format#WEB_XML});</li>
 *   <li>{@code key=value} text: a {@code .properties} file. With {@code originguard.*} keys it is a Spring
 *       {@code application.properties} ({@link Format#SPRING_PROPERTIES}, other keys are the application's and
 *       left alone); otherwise every key is an init-param name ({@link Format#PROPERTIES});</li>
 *   <li>anything else: YAML, with the {@code originguard.*} names nested or flat ({@link Format#YAML}; other
 *       top-level keys make it a Spring {@code application.yml}, {@link Format#SPRING_YAML}, whose profile
 *       documents are skipped and listed in {@link #skipped()}). YAML needs {@code org.yaml:snakeyaml} on the
 *       class path (Spring Boot applications have it).</li>
 * </ul>
 *
 * <p>Every refusal is a {@link ConfigurationException} whose {@code where} is {@code <file>:<line> <key as
 * written>}, such as {@code policy.yaml:12 originguard.trusted-proxies}. A key that is not a setting, and a
 * setting written twice in one file, are refused (with the closest known name, and with both lines), because a
 * typo must never start an unprotected application and a second value must never silently win. Spring's
 * indexed form ({@code originguard.trusted-proxies[0]}) is one setting's list. Immutable.
 */
public final class PolicyFile {

    /** What kind of file the settings were read from. */
    public enum Format {
        /** A {@code .properties} policy file: init-param names as keys. */
        PROPERTIES,
        /** A YAML policy file: {@code originguard.*} names. */
        YAML,
        /** A {@code web.xml}: one {@code OriginGuardFilter}'s init-params. */
        WEB_XML,
        /** A Spring Boot {@code application.properties}: its {@code originguard.*} keys. */
        SPRING_PROPERTIES,
        /** A Spring Boot {@code application.yml}: its {@code originguard.*} keys, default document. */
        SPRING_YAML
    }

    /**
     * The Spring Boot starter's own properties, which are not filter settings: accepted in Spring and YAML
     * files and kept apart ({@link #starterOnly()}), never refused as unknown. The application file that
     * names its policy file ({@code originguard.policy-file}) is one of them.
     */
    public static final java.util.Set<String> STARTER_ONLY = java.util.Set.of("originguard.enabled",
            "originguard.filter-order", "originguard.forward-headers-conflict", "originguard.ranges.max-age",
            "originguard.ranges.stale-status", "originguard.policy-file", "originguard.policy-poll-interval");

    /** How often a running filter polls its policy file by default: 5 seconds. */
    public static final java.time.Duration DEFAULT_POLL_INTERVAL = java.time.Duration.ofSeconds(5);

    /** The shortest poll interval a filter accepts: 100 milliseconds. */
    public static final java.time.Duration MIN_POLL_INTERVAL = java.time.Duration.ofMillis(100);

    /** The longest poll interval a filter accepts: 1 day. */
    public static final java.time.Duration MAX_POLL_INTERVAL = java.time.Duration.ofDays(1);

    private static final Pattern INDEXED = Pattern.compile("(.*)\\[(\\d{1,4})]");

    private final Path path;
    private final String name;
    private final Format format;
    private final Map<Setting, WrittenValue> bySetting;
    private final List<ConfigurationException> problems;
    private final List<String> skipped;
    private final Map<String, String> starterOnly;
    private final SettingsText.Names baseNames;
    private final SettingsText.Names fileNames;

    private PolicyFile(Path path, String name, Format format, List<WrittenValue> written, List<String> skipped) {
        this.path = path;
        this.name = name;
        this.format = format;
        this.skipped = List.copyOf(skipped);
        this.baseNames = format == Format.PROPERTIES || format == Format.WEB_XML
                ? SettingsText.INIT_PARAMS : SettingsText.PROPERTIES;
        Map<Setting, WrittenValue> settings = new EnumMap<>(Setting.class);
        Map<String, String> starter = new LinkedHashMap<>();
        List<ConfigurationException> refused = new ArrayList<>();
        for (WrittenValue value : joinIndexed(written, refused)) {
            if (baseNames == SettingsText.PROPERTIES && STARTER_ONLY.contains(value.key())) {
                if (starter.putIfAbsent(value.key(), value.value()) != null) {
                    refused.add(new ConfigurationException(location(value), value.value(),
                            "sets " + value.key() + " a second time; give each setting once"));
                }
                continue;
            }
            Optional<Setting> setting = baseNames.lookup(value.key());
            if (setting.isEmpty()) {
                ConfigurationException unknown = SettingsText.unknown(value.key(), value.value(), baseNames);
                refused.add(new ConfigurationException(location(value), unknown.value(), unknown.reason()));
                continue;
            }
            WrittenValue first = settings.putIfAbsent(setting.get(), value);
            if (first != null) {
                refused.add(new ConfigurationException(location(value), shown(setting.get(), value.value()),
                        "sets " + baseNames.nameOf(setting.get()) + " a second time: it is set at line "
                                + first.line() + " already (as " + first.key() + "); give each setting once"));
            }
        }
        this.bySetting = Collections.unmodifiableMap(settings);
        this.starterOnly = Collections.unmodifiableMap(starter);
        this.problems = List.copyOf(refused);
        this.fileNames = new FileNames();
    }

    /**
     * The settings of {@code file}: one {@code PolicyFile}, or one per {@code OriginGuardFilter} of a web.xml
     * (none when it declares none).
     *
     * @throws ConfigurationException naming the file (and line) when it cannot be read as any kind of settings
     *                                file: unreadable, larger than 4 MiB, not UTF-8, malformed XML or YAML, a
     *                                DTD entity or YAML anchor, or YAML without SnakeYAML on the class path
     */
    public static List<PolicyFile> read(Path file) {
        Objects.requireNonNull(file, "file");
        String text = PolicyText.read(file);
        String shown = file.toString();
        String start = text.stripLeading();
        if (start.startsWith("<")) {
            List<PolicyFile> filters = new ArrayList<>();
            for (Map.Entry<String, List<WrittenValue>> f : WebXmlFilters.parse(text, shown).entrySet()) {
                filters.add(new PolicyFile(file, f.getKey(), Format.WEB_XML, f.getValue(), List.of()));
            }
            return List.copyOf(filters);
        }
        String name = file.getFileName() == null ? shown : file.getFileName().toString();
        if (looksLikeProperties(text)) {
            List<WrittenValue> values = PropertiesLines.parse(text, shown);
            boolean spring = values.stream().anyMatch(v -> v.key().startsWith(SettingsText.PREFIX));
            if (spring) {
                values = values.stream().filter(v -> v.key().startsWith(SettingsText.PREFIX)).toList();
            }
            return List.of(new PolicyFile(file, name, spring ? Format.SPRING_PROPERTIES : Format.PROPERTIES, values,
                    List.of()));
        }
        YamlEntries.Read yaml = yaml(text, shown);
        boolean prefixed = yaml.values().stream().anyMatch(v -> v.key().startsWith(SettingsText.PREFIX));
        boolean others = yaml.values().stream().anyMatch(v -> !v.key().startsWith(SettingsText.PREFIX));
        List<WrittenValue> values = prefixed
                ? yaml.values().stream().filter(v -> v.key().startsWith(SettingsText.PREFIX)).toList()
                : yaml.values();
        return List.of(new PolicyFile(file, name, prefixed && (others || !yaml.skipped().isEmpty())
                ? Format.SPRING_YAML : Format.YAML, values, yaml.skipped()));
    }

    // SnakeYAML is optional: a YAML file without it is refused with the dependency to add, never misread.
    private static YamlEntries.Read yaml(String text, String file) {
        try {
            Class.forName("org.yaml.snakeyaml.Yaml", false, PolicyFile.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigurationException(file, "", "is YAML (it holds no key=value line), which needs SnakeYAML "
                    + "on the class path: add the dependency org.yaml:snakeyaml, or write the policy as a "
                    + ".properties file with init-param names");
        }
        return YamlEntries.parse(text, file);
    }

    // A root-level "key=value" or "key value" line makes a .properties file; "key: value" alone reads the same as
    // YAML, which is tried then. Indented lines (continuations, YAML nesting) and YAML's own lines are not looked at.
    private static boolean looksLikeProperties(String text) {
        for (String line : text.split("\r\n|\r|\n")) {
            if (line.isBlank() || Character.isWhitespace(line.charAt(0)) || "#!-%[{\"'".indexOf(line.charAt(0)) >= 0) {
                continue;
            }
            int i = 0;
            while (i < line.length() && "=: \t\f".indexOf(line.charAt(i)) < 0) {
                i += line.charAt(i) == '\\' ? 2 : 1;
            }
            while (i < line.length() && " \t\f".indexOf(line.charAt(i)) >= 0) {
                i++;
            }
            if (i >= line.length() || line.charAt(i) != ':') {
                return true;
            }
        }
        return false;
    }

    // originguard.x[0], originguard.x[1]: one setting's list, in index order, at the first index's line.
    private List<WrittenValue> joinIndexed(List<WrittenValue> written, List<ConfigurationException> refused) {
        List<WrittenValue> out = new ArrayList<>();
        Map<String, TreeMap<Integer, WrittenValue>> lists = new LinkedHashMap<>();
        for (WrittenValue value : written) {
            Matcher m = INDEXED.matcher(value.key());
            if (!m.matches()) {
                out.add(value);
                continue;
            }
            TreeMap<Integer, WrittenValue> items = lists.computeIfAbsent(m.group(1), k -> new TreeMap<>());
            WrittenValue first = items.putIfAbsent(Integer.parseInt(m.group(2)), value);
            if (first != null) {
                refused.add(new ConfigurationException(location(value), value.value(),
                        "is a second value at this index: it is set at line " + first.line() + " already"));
            }
        }
        for (Map.Entry<String, TreeMap<Integer, WrittenValue>> list : lists.entrySet()) {
            String key = list.getKey();
            Optional<Setting> setting = baseNames.lookup(key);
            String separator = setting.map(s -> s.kind() == Setting.Kind.PATH_RULES
                    || s.kind() == Setting.Kind.SOURCES ? "; " : ", ").orElse(", ");
            List<String> items = list.getValue().values().stream().map(WrittenValue::value).toList();
            int line = list.getValue().values().stream().mapToInt(WrittenValue::line).min().orElse(0);
            out.add(new WrittenValue(key, String.join(separator, items), line));
        }
        return out;
    }

    /** The file read. */
    public Path path() {
        return path;
    }

    /** The filter-name for a web.xml filter; the file's name otherwise. */
    public String name() {
        return name;
    }

    /** What kind of file it is. */
    public Format format() {
        return format;
    }

    /** The names keys are written with: init-param names, or {@code originguard.*} properties. */
    public SettingsText.Names names() {
        return baseNames;
    }

    /** Each setting the file sets, with its value as written (continuations and escapes resolved). */
    public Map<Setting, String> texts() {
        Map<Setting, String> out = new EnumMap<>(Setting.class);
        bySetting.forEach((s, v) -> out.put(s, v.value()));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Where {@code setting} was written, such as {@code policy.yaml:12 originguard.trusted-proxies}; for a
     * setting the file does not set, the file and the setting's name in it.
     */
    public String where(Setting setting) {
        WrittenValue value = bySetting.get(setting);
        return value == null ? path + " " + baseNames.nameOf(setting) : location(value);
    }

    /** The line {@code setting} was written on, or 0 when the file does not set it. */
    public int line(Setting setting) {
        WrittenValue value = bySetting.get(setting);
        return value == null ? 0 : value.line();
    }

    /**
     * The Spring Boot starter's own properties the file sets ({@link #STARTER_ONLY}, such as
     * {@code originguard.ranges.max-age}), by name, as written; empty for other formats.
     */
    public Map<String, String> starterOnly() {
        return starterOnly;
    }

    /** What was read but not used, such as a Spring profile document; one line each, for people. */
    public List<String> skipped() {
        return skipped;
    }

    /**
     * The settings, through the same table and validation as the filter's ({@link SettingsText}).
     *
     * @throws ConfigurationException naming {@code <file>:<line> <key>}, the value and why: the first unknown or
     *                                repeated key, or the first value refused
     */
    public OriginGuardSettings settings() {
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
        return SettingsText.read(writtenMap(), fileNames);
    }

    /**
     * The settings of this file together with an application's own: a setting given in both places is refused,
     * naming both, since one silently overriding the other is how a reviewed policy gets undone.
     *
     * @param appValues the application's settings by written name (init-params, or Spring properties)
     * @param appNames  how the application names them
     * @param appWhere  where they come from, for refusals, such as {@code web.xml filter originGuard}
     * @throws ConfigurationException naming the file and line, or the application's setting, the value and why
     */
    public OriginGuardSettings settingsWith(Map<String, String> appValues, SettingsText.Names appNames,
            String appWhere) {
        Objects.requireNonNull(appValues, "appValues");
        Objects.requireNonNull(appNames, "appNames");
        Objects.requireNonNull(appWhere, "appWhere");
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
        Map<String, String> all = new LinkedHashMap<>(writtenMap());
        Map<Setting, String> appSettings = new EnumMap<>(Setting.class);
        for (Map.Entry<String, String> e : appValues.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            Setting setting = appNames.lookup(e.getKey())
                    .orElseThrow(() -> SettingsText.rename(SettingsText.unknown(e.getKey(), e.getValue(), appNames),
                            appNames));
            if (bySetting.containsKey(setting)) {
                throw new ConfigurationException(appWhere + " " + appNames.describe(setting) + " and "
                        + where(setting), shown(setting, e.getValue()), "is set both in the application and in "
                        + "the policy file: remove one (the policy file is meant to own it)");
            }
            appSettings.put(setting, e.getKey());
            all.put(e.getKey(), e.getValue());
        }
        SettingsText.Names combined = new SettingsText.Names() {
            @Override
            public Optional<Setting> lookup(String written) {
                Optional<Setting> own = fileNames.lookup(written);
                return own.isPresent() ? own : appNames.lookup(written);
            }

            @Override
            public String describe(Setting setting) {
                return appSettings.containsKey(setting) ? appWhere + " " + appNames.describe(setting)
                        : fileNames.describe(setting);
            }

            @Override
            public String nameOf(Setting setting) {
                return appSettings.containsKey(setting) ? appNames.nameOf(setting) : baseNames.nameOf(setting);
            }

            @Override
            public String unknownReason() {
                return appNames.unknownReason();
            }
        };
        return SettingsText.read(all, combined);
    }

    /**
     * Every refusal in the file, in file order for keys: unknown and repeated keys, each value its setting
     * refuses, and then (when there are none of those) the refusal of the settings together. Empty when
     * {@link #settings()} succeeds.
     */
    public List<ConfigurationException> check() {
        List<ConfigurationException> out = new ArrayList<>(problems);
        out.addAll(SettingsText.refusals(writtenMap(), fileNames));
        return List.copyOf(out);
    }

    private Map<String, String> writtenMap() {
        Map<String, String> out = new LinkedHashMap<>();
        bySetting.values().stream().sorted(java.util.Comparator.comparingInt(WrittenValue::line))
                .forEach(v -> out.put(v.key(), v.value()));
        return out;
    }

    private String location(WrittenValue value) {
        return path + ":" + value.line() + " " + value.key();
    }

    private static String shown(Setting setting, String value) {
        return setting.kind() == Setting.Kind.SECRET ? "***" : value;
    }

    @Override
    public String toString() {
        return "PolicyFile[" + path + (format == Format.WEB_XML ? " filter " + name : "") + ", " + format + ", "
                + bySetting.size() + " settings]";
    }

    /** The file's names: each setting described by the line and key it was written with. */
    private final class FileNames implements SettingsText.Names {

        @Override
        public Optional<Setting> lookup(String written) {
            Optional<Setting> setting = baseNames.lookup(written);
            return setting.filter(s -> bySetting.containsKey(s) && bySetting.get(s).key().equals(written));
        }

        @Override
        public String describe(Setting setting) {
            return where(setting);
        }

        @Override
        public String nameOf(Setting setting) {
            return baseNames.nameOf(setting);
        }

        @Override
        public String unknownReason() {
            return baseNames.unknownReason();
        }
    }
}
