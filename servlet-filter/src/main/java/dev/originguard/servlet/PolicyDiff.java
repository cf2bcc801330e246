package dev.originguard.servlet;

import dev.originguard.event.PolicyChanged;
import dev.originguard.internal.LogText;
import dev.originguard.internal.Redaction;
import dev.originguard.settings.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What changed between two versions of a policy file, setting by setting, safe to log: a secret shows only as
 * changed, credentials in URLs (range sources, the Redis store) are redacted and control characters escaped.
 */
final class PolicyDiff {

    private PolicyDiff() {
    }

    /** Each setting whose text differs between {@code before} and {@code after}, in settings-table order. */
    static List<PolicyChanged.SettingChange> between(Map<Setting, String> before, Map<Setting, String> after) {
        List<PolicyChanged.SettingChange> out = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            String old = before.get(setting);
            String now = after.get(setting);
            if (Objects.equals(old, now)) {
                continue;
            }
            if (setting.kind() == Setting.Kind.SECRET) {
                out.add(new PolicyChanged.SettingChange(setting.key(), null, null, true));
                continue;
            }
            String shownOld = shown(old);
            String shownNow = shown(now);
            // Only a hidden part (a password in a URL) changed: say so rather than show two equal texts.
            boolean hidden = Objects.equals(shownOld, shownNow);
            out.add(new PolicyChanged.SettingChange(setting.key(), shownOld,
                    hidden ? shownNow + " (a redacted part changed)" : shownNow, false));
        }
        return List.copyOf(out);
    }

    /** {@code trustedProxies: '10.0.0.0/8' -> '...'; originSecret: changed (secret, not shown)}. */
    static String summary(List<PolicyChanged.SettingChange> changes) {
        if (changes.isEmpty()) {
            return "no setting changed";
        }
        List<String> parts = new ArrayList<>();
        for (PolicyChanged.SettingChange change : changes) {
            parts.add(change.toString());
        }
        return changes.size() + (changes.size() == 1 ? " setting" : " settings") + " changed: "
                + String.join("; ", parts);
    }

    private static String shown(String text) {
        return text == null ? null : LogText.escape(Redaction.redact(text.strip()));
    }
}
