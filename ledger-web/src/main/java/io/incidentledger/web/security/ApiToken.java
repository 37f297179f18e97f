package io.incidentledger.web.security;

import java.util.Set;

/**
 * A provisioned API token as the services know it: a name for the audit trail, its roles, and the SHA-256 of
 * the secret, never the secret itself.
 *
 * @param name   who or what holds it ({@code ci-bot}, {@code alice}); recorded as the actor of every event
 * @param roles  what it may do
 * @param sha256 the lowercase hex SHA-256 of the token's UTF-8 bytes
 */
public record ApiToken(String name, Set<Role> roles, String sha256) {

    public ApiToken {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")) {
            throw new IllegalArgumentException("an API token's name must be 1-64 letters, digits, '.', '_', '@' or"
                    + " '-', starting with a letter or digit: '" + name + "'");
        }
        roles = Set.copyOf(roles);
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("API token '" + name + "' has no roles");
        }
        String hex = sha256 == null ? "" : sha256.strip().toLowerCase(java.util.Locale.ROOT);
        if (hex.startsWith("sha256:")) {
            hex = hex.substring("sha256:".length());
        }
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("API token '" + name + "' needs its hash as 64 hex digits of SHA-256"
                    + " (optionally prefixed 'sha256:'), never the token itself");
        }
        sha256 = hex;
    }
}
