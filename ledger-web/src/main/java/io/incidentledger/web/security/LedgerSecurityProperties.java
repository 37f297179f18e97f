package io.incidentledger.web.security;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code incident-ledger.security}: the API tokens (each a name, its roles and the SHA-256 of the secret), an
 * optional tokens file, and how JWTs name their roles when the OAuth2 resource-server mode is configured.
 *
 * <pre>
 * INCIDENT_LEDGER_SECURITY_TOKENS_0_NAME=ci-bot
 * INCIDENT_LEDGER_SECURITY_TOKENS_0_ROLES=commander
 * INCIDENT_LEDGER_SECURITY_TOKENS_0_HASH=sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
 * </pre>
 *
 * @param tokens     tokens from configuration (properties or environment variables)
 * @param tokensFile a file of further tokens, read at start-up if it exists
 * @param jwt        JWT claims, used when {@code spring.security.oauth2.resourceserver.jwt.*} configures a decoder
 */
@ConfigurationProperties("incident-ledger.security")
public record LedgerSecurityProperties(List<Token> tokens, Path tokensFile, Jwt jwt) {

    public LedgerSecurityProperties {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        jwt = jwt == null ? new Jwt(null, null) : jwt;
    }

    List<ApiToken> apiTokens() {
        return tokens.stream().map(t -> new ApiToken(t.name(), ApiTokens.roles(t.roles() == null ? "" : t.roles()),
                t.hash())).toList();
    }

    /** @param roles comma-separated, e.g. {@code commander,auditor}; @param hash {@code sha256:<64 hex>} */
    public record Token(String name, String roles, String hash) {
    }

    /**
     * @param rolesClaim     the claim listing the roles (a JSON array or a space-separated string); {@code roles}
     * @param principalClaim the claim naming the actor recorded in events; {@code sub}
     */
    public record Jwt(String rolesClaim, String principalClaim) {
        public Jwt {
            rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim;
            principalClaim = principalClaim == null || principalClaim.isBlank() ? "sub" : principalClaim;
        }
    }
}
