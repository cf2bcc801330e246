package dev.originguard.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A policy file was read again and its settings are now in force, all of them at once.
 *
 * @param file    the policy file, as configured
 * @param at      when the new policy took effect
 * @param sha256  the SHA-256 of the file's bytes now in force, in lower-case hex
 * @param changes each setting whose text changed, in settings-table order
 */
public record PolicyChanged(String file, Instant at, String sha256, List<SettingChange> changes)
        implements OriginGuardEvent {

    /**
     * One setting's text before and after. For a secret ({@code originSecret}) both texts are null: only that it
     * changed is told. Other texts have credentials in URLs redacted and control characters escaped.
     *
     * @param setting the setting's init-param name, such as {@code trustedProxies}
     * @param before  its text before, or null when the file did not set it (or it is secret)
     * @param after   its text now, or null when the file no longer sets it (or it is secret)
     * @param secret  whether the values are hidden
     */
    public record SettingChange(String setting, String before, String after, boolean secret) {

        /** A change; {@code setting} required. */
        public SettingChange {
            Objects.requireNonNull(setting, "setting");
        }

        /** {@code trustedProxies: '10.0.0.0/8' -> '10.0.0.0/8, 192.0.2.0/24'}, {@code originSecret: changed}. */
        @Override
        public String toString() {
            if (secret) {
                return setting + ": changed (secret, not shown)";
            }
            return setting + ": " + shown(before) + " -> " + shown(after);
        }

        private static String shown(String text) {
            return text == null ? "(unset)" : "'" + text + "'";
        }
    }

    /** Copies {@code changes}. */
    public PolicyChanged {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(at, "at");
        changes = List.copyOf(changes);
    }
}
