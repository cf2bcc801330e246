package dev.originguard.servlet;

import dev.originguard.internal.Sha256;
import dev.originguard.ConfigurationException;
import dev.originguard.policy.PolicyFile;
import dev.originguard.settings.OriginGuardSettings;
import dev.originguard.settings.Setting;
import dev.originguard.settings.SettingsText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A filter's policy file together with the settings the application gives itself (init-params, Spring
 * properties): {@link #load()} reads both through {@link PolicyFile#settingsWith}, so a setting given in both
 * places is refused naming both. Immutable; each load reads the file again.
 *
 * @param file      the policy file
 * @param appValues the application's own settings by written name, without the policy meta-settings
 * @param appNames  how the application names them
 * @param appWhere  where they come from, for refusals, such as {@code OriginGuardFilter 'originGuard' init-param}
 * @param filter    the filter-name to pick when the file is a web.xml declaring several filters; may be null
 */
record PolicySource(Path file, Map<String, String> appValues, SettingsText.Names appNames, String appWhere,
        String filter) {

    PolicySource {
        Objects.requireNonNull(file, "file");
        appValues = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(appValues));
        Objects.requireNonNull(appNames, "appNames");
        Objects.requireNonNull(appWhere, "appWhere");
    }

    /**
     * One read of the file.
     *
     * @param settings the file's and the application's settings together
     * @param texts    the file's settings as written, for the diff of the next reload
     * @param sha256   the bytes' SHA-256, lower-case hex
     */
    record Loaded(OriginGuardSettings settings, Map<Setting, String> texts, String sha256) {
    }

    /**
     * The SHA-256 of the file's bytes now, or null when it cannot be read: what a poll compares. Taken before the
     * file is parsed, so an edit landing during a read is seen by the next poll.
     */
    String fingerprint() {
        try {
            return Sha256.hex(Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Reads the file and the application's settings together.
     *
     * @throws ConfigurationException naming the file and line (or the application's setting), the value and why
     */
    Loaded load() {
        String sha = fingerprint();
        List<PolicyFile> files = PolicyFile.read(file);
        PolicyFile policy = pick(files);
        OriginGuardSettings settings = policy.settingsWith(appValues, appNames, appWhere);
        return new Loaded(settings, policy.texts(), sha == null ? "" : sha);
    }

    private PolicyFile pick(List<PolicyFile> files) {
        if (files.size() == 1) {
            return files.get(0);
        }
        if (files.isEmpty()) {
            throw new ConfigurationException(file.toString(), "", "declares no OriginGuardFilter");
        }
        for (PolicyFile f : files) {
            if (f.name().equals(filter)) {
                return f;
            }
        }
        throw new ConfigurationException(file.toString(), "", "declares " + files.size()
                + " OriginGuardFilters and none is named '" + filter + "': give each filter its own policy file");
    }

}
