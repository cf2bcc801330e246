package dev.originguard.settings;

import dev.originguard.ConfigurationException;
import dev.originguard.OriginSecret;
import dev.originguard.internal.EditDistance;
import dev.originguard.internal.Redaction;
import dev.originguard.ratelimit.PathRule;
import dev.originguard.ratelimit.RateLimitSettings;
import dev.originguard.source.RefreshSettings;
import dev.originguard.source.LiveAddressSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Settings written as text, read through the one {@link Setting} table into {@link OriginGuardSettings}: the
 * init-params of a web.xml, a policy file, or any other name-to-text map. Every refusal is a
 * {@link ConfigurationException} naming the setting as the user wrote it ({@link Names#describe}), the value
 * and why; an unknown name is refused too, with the closest known name as a suggestion, because a typo must
 * never start an unprotected application.
 */
public final class SettingsText {

    /**
     * How one surface names settings: which written name is which setting, and how a refusal names it.
     */
    public interface Names {

        /** The setting a name stands for, if any. */
        Optional<Setting> lookup(String written);

        /** The setting as a refusal names it, such as {@code rateLimit} or {@code originguard.rate-limit.limits}. */
        String describe(Setting setting);

        /** The name of a setting on this surface, as a suggestion shows it. */
        String nameOf(Setting setting);

        /** How a refusal of an unknown name reads, such as {@code is not a setting of OriginGuardFilter}. */
        String unknownReason();
    }

    /** Init-param names ({@code rateLimitStore}), as web.xml and {@code .properties} policy files use them. */
    public static final Names INIT_PARAMS = new Names() {
        @Override
        public Optional<Setting> lookup(String written) {
            return Setting.byKey(written);
        }

        @Override
        public String describe(Setting setting) {
            return setting.key();
        }

        @Override
        public String nameOf(Setting setting) {
            return setting.key();
        }

        @Override
        public String unknownReason() {
            return "is not a setting of OriginGuardFilter";
        }
    };

    /** Spring property names in kebab-case below {@code originguard.} ({@code rate-limit.store}). */
    public static final Names PROPERTIES = new Names() {
        @Override
        public Optional<Setting> lookup(String written) {
            return Setting.byProperty(written.startsWith(PREFIX) ? written.substring(PREFIX.length()) : written);
        }

        @Override
        public String describe(Setting setting) {
            return PREFIX + setting.property();
        }

        @Override
        public String nameOf(Setting setting) {
            return PREFIX + setting.property();
        }

        @Override
        public String unknownReason() {
            return "is not a property of OriginGuard";
        }
    };

    /** The prefix of every Spring property. */
    public static final String PREFIX = "originguard.";

    private SettingsText() {
    }

    /**
     * The settings the text values stand for; a name that is not in the table is refused.
     *
     * @param values written name to text, null values meaning unset
     * @throws ConfigurationException naming the setting as {@code names} describes it, the value and why
     */
    public static OriginGuardSettings read(Map<String, String> values, Names names) {
        Map<Setting, String> known = new EnumMap<>(Setting.class);
        for (Map.Entry<String, String> e : values.entrySet()) {
            Setting setting = names.lookup(e.getKey()).orElseThrow(() -> unknown(e.getKey(), e.getValue(), names));
            if (e.getValue() != null) {
                known.put(setting, e.getValue());
            }
        }
        return readKnown(known, names);
    }

    private static OriginGuardSettings readKnown(Map<Setting, String> values, Names names) {
        Draft draft = new Draft();
        boolean limits = rateLimitOn(values);
        for (Map.Entry<Setting, String> e : values.entrySet()) {
            Setting setting = e.getKey();
            String value = e.getValue();
            if (setting.isRateLimit() && value.isBlank()) {
                continue; // an empty rateLimit* value means unset, as it always has
            }
            if (setting.isRateLimit() && !limits) {
                if (setting != Setting.RATE_LIMIT) {
                    throw new ConfigurationException(names.describe(setting),
                            setting == Setting.RATE_LIMIT_STORE ? Redaction.redact(value) : value,
                            "is set but " + names.nameOf(Setting.RATE_LIMIT) + " is not, so rate limiting is off: set "
                                    + names.nameOf(Setting.RATE_LIMIT) + " (such as 100/1m) or remove "
                                    + names.nameOf(setting));
                }
                continue;
            }
            try {
                setting.apply(draft, value);
            } catch (ConfigurationException refused) {
                throw renamed(refused, setting, names);
            }
        }
        try {
            return draft.finish(names);
        } catch (ConfigurationException refused) {
            throw rename(refused, names);
        }
    }

    // Rate limiting is on when rateLimit has rates, or is off while path rules are set.
    private static boolean rateLimitOn(Map<Setting, String> values) {
        String limits = values.get(Setting.RATE_LIMIT);
        if (limits == null || limits.isBlank()) {
            return false;
        }
        String word = limits.strip().toLowerCase(Locale.ROOT);
        boolean off = word.equals(PathRule.OFF) || word.equals("false");
        String paths = values.get(Setting.RATE_LIMIT_PATHS);
        return !off || (paths != null && !paths.isBlank());
    }

    /**
     * {@code refused} with its setting named the way {@code names} names it, the rest of its {@code where}
     * kept; unchanged when its {@code where} names no setting. For errors from the typed builders, which name
     * settings by their {@link Setting#key()}.
     */
    public static ConfigurationException rename(ConfigurationException refused, Names names) {
        String where = refused.where();
        int end = 0;
        while (end < where.length() && Character.isLetterOrDigit(where.charAt(end))) {
            end++;
        }
        Optional<Setting> setting = Setting.byKey(where.substring(0, end));
        if (setting.isEmpty()) {
            return refused;
        }
        return withWhere(refused, names.describe(setting.get()) + where.substring(end));
    }

    // A builder's refusal while applying one setting: that setting is what the user wrote.
    private static ConfigurationException renamed(ConfigurationException refused, Setting setting, Names names) {
        String where = refused.where();
        String rest = where.startsWith(setting.key()) ? where.substring(setting.key().length()) : "";
        return withWhere(refused, names.describe(setting) + rest);
    }

    private static ConfigurationException withWhere(ConfigurationException refused, String where) {
        if (where.equals(refused.where())) {
            return refused;
        }
        ConfigurationException renamed = new ConfigurationException(where, refused.value(), refused.reason());
        renamed.initCause(refused);
        return renamed;
    }

    /**
     * Every refusal of the text values, for tools that report them all at once ({@code originguard-cli validate}):
     * each unknown name, each value its setting refuses on its own (address-set entries checked as well, no
     * source fetched), and, when there are none of those, the refusal of the settings taken together (such as a
     * lock with nothing to let through). Empty when {@link #read} would succeed.
     */
    public static List<ConfigurationException> refusals(Map<String, String> values, Names names) {
        List<ConfigurationException> out = new ArrayList<>();
        Map<Setting, String> known = new EnumMap<>(Setting.class);
        for (Map.Entry<String, String> e : values.entrySet()) {
            Optional<Setting> setting = names.lookup(e.getKey());
            if (setting.isEmpty()) {
                out.add(unknown(e.getKey(), e.getValue(), names));
            } else if (e.getValue() != null) {
                known.put(setting.get(), e.getValue());
            }
        }
        boolean limits = rateLimitOn(known);
        RefreshSettings ranges = rangesOf(known);
        for (Map.Entry<Setting, String> e : known.entrySet()) {
            Setting setting = e.getKey();
            String value = e.getValue();
            if (setting.isRateLimit() && value.isBlank()) {
                continue;
            }
            try {
                if (setting.isRateLimit() && !limits) {
                    if (setting != Setting.RATE_LIMIT) {
                        readKnown(Map.of(setting, value), names);
                    }
                    continue;
                }
                setting.apply(new Draft(), value);
                if (setting.kind() == Setting.Kind.ADDRESSES && !value.isBlank()) {
                    LiveAddressSet.check(value, setting.key(), ranges);
                }
                if (setting == Setting.CLIENT_IP_SOURCES) {
                    ClientIpSources sources = ClientIpSources.parse(value);
                    for (ClientIpSources.Source source : sources == null ? List.<ClientIpSources.Source>of()
                            : sources.sources()) {
                        LiveAddressSet.check(source.from().text(), source.setName(), ranges);
                    }
                }
            } catch (ConfigurationException refused) {
                out.add(refused.where().startsWith(names.describe(setting)) ? refused
                        : renamed(refused, setting, names));
            }
        }
        if (out.isEmpty()) {
            try {
                readKnown(known, names);
            } catch (ConfigurationException refused) {
                out.add(refused);
            }
        }
        return List.copyOf(out);
    }

    // The refresh settings address entries are checked against (plain http, minimum prefixes); defaults when
    // the range settings are themselves refused, which is reported on its own.
    private static RefreshSettings rangesOf(Map<Setting, String> known) {
        Draft draft = new Draft();
        try {
            for (Map.Entry<Setting, String> e : known.entrySet()) {
                if (e.getKey().key().startsWith("range")) {
                    e.getKey().apply(draft, e.getValue());
                }
            }
            return draft.ranges.build();
        } catch (ConfigurationException refused) {
            return RefreshSettings.defaults();
        }
    }

    /**
     * The refusal of a name that is not a setting, with the closest known name when one is close; a value under
     * a name holding {@code secret} is shown as {@code ***}.
     */
    public static ConfigurationException unknown(String written, String value, Names names) {
        String shown = value == null ? "" : written.toLowerCase(Locale.ROOT).contains("secret") ? "***" : value;
        Optional<String> suggestion = suggest(written, names);
        return new ConfigurationException(written, shown, names.unknownReason()
                + suggestion.map(s -> ": did you mean " + s + "?").orElse("")
                + " (known: " + String.join(", ", Arrays.stream(Setting.values()).map(names::nameOf).toList()) + ")");
    }

    /**
     * The known name closest to {@code written} by edit distance (ignoring case, {@code -}, {@code _} and
     * {@code .}), if it is close enough to be a typo of it.
     */
    public static Optional<String> suggest(String written, Names names) {
        return suggest(written, Arrays.stream(Setting.values()).map(names::nameOf).toList());
    }

    /** The candidate closest to {@code written}, if it is close enough to be a typo of it. */
    public static Optional<String> suggest(String written, List<String> candidates) {
        String w = fold(written);
        Function<String, Integer> distance = c -> EditDistance.between(w, fold(c));
        return candidates.stream().min(Comparator.comparing(distance))
                .filter(c -> distance.apply(c) <= Math.max(2, fold(c).length() / 4));
    }

    private static String fold(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '-' && c != '_' && c != '.') {
                sb.append(Character.toLowerCase(c));
            }
        }
        return sb.toString();
    }

    /** The builders one read fills; the grouped settings are built when every value has been applied. */
    static final class Draft {

        final OriginGuardSettings.Builder settings = OriginGuardSettings.builder();
        final RefreshSettings.Builder ranges = RefreshSettings.builder();
        private RateLimitSettings.Builder rateLimit;
        String originSecretHeader;
        String originSecret;

        RateLimitSettings.Builder rateLimit() {
            if (rateLimit == null) {
                rateLimit = RateLimitSettings.builder();
            }
            return rateLimit;
        }

        OriginGuardSettings finish(Names names) {
            settings.rangeRefresh(ranges.build());
            settings.originSecret(originSecret(names));
            if (rateLimit != null) {
                settings.rateLimit(rateLimit.build());
            }
            return settings.build();
        }

        private OriginSecret originSecret(Names names) {
            if (originSecretHeader == null && originSecret == null) {
                return null;
            }
            if (originSecretHeader == null || originSecret == null) {
                Setting missing = originSecretHeader == null ? Setting.ORIGIN_SECRET_HEADER : Setting.ORIGIN_SECRET;
                throw new ConfigurationException(missing.key(), "", "is missing: "
                        + names.nameOf(Setting.ORIGIN_SECRET_HEADER) + " and " + names.nameOf(Setting.ORIGIN_SECRET)
                        + " go together");
            }
            // Comma-separated so a rotation can accept the old and the new secret at once. A refusal names a
            // value by its position, never by its text.
            return OriginSecret.of(originSecretHeader.strip(), Arrays.stream(originSecret.split(","))
                    .map(String::strip).filter(v -> !v.isEmpty()).toList());
        }
    }
}
