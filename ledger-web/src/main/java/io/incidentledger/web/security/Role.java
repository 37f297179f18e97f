package io.incidentledger.web.security;

import java.util.Locale;

/**
 * Who may do what. A credential carries any number of roles; none implies another, so a token made for a
 * dashboard that exports reports cannot also resolve incidents. Reading the public status needs no role.
 */
public enum Role {

    /** Opens, updates, corrects and resolves incidents; schedules maintenance. */
    COMMANDER,
    /** Registers, changes and retires components; rebuilds projections; reads operational metrics. */
    ADMIN,
    /** Reads the full history, the export, the tamper check and the reports. */
    AUDITOR;

    /** The Spring Security authority, e.g. {@code ROLE_COMMANDER}. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** How configuration and tokens spell it: {@code commander}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code commander}, {@code Commander} or {@code COMMANDER}; anything else is a configuration error. */
    public static Role parse(String text) {
        String name = text.strip().toUpperCase(Locale.ROOT);
        for (Role role : values()) {
            if (role.name().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text.strip() + "' (known: commander, admin, auditor)");
    }
}
