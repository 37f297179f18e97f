package io.incidentledger.web.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's own answer to "which role may call this?", applied to the shared security chain of
 * {@link LedgerSecurity}. Rules are matched in order; a service should end with a rule for every other request.
 */
@FunctionalInterface
public interface AccessRules {

    void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests);

    /**
     * Whether Spring Security may add its {@code Cache-Control: no-store} to every response. A service that sets
     * its own caching headers on public reads says no.
     */
    default boolean securityCacheHeaders() {
        return true;
    }

    /** {@code hasRole} for one of ours. */
    static String role(Role role) {
        return role.name();
    }
}
