package io.incidentledger.query.security;

import jakarta.servlet.DispatcherType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

import io.incidentledger.web.security.AccessRules;
import io.incidentledger.web.security.LedgerSecurity;
import io.incidentledger.web.security.Role;

/**
 * Who may read what. The status, the public APIs, the page, the feed and the stream are for everyone, with no
 * credential at all; the full event history, the export, the tamper check and the reports are the auditor's;
 * rebuilding projections, operational metrics and the list of subscribers (personal data) are the admin's.
 * Subscribing, and the one-click confirm and unsubscribe links (GET, and the POST of RFC 8058's one-click
 * unsubscribe), need no credential: the unguessable token in the link is the proof. Nothing else here writes, so
 * any other method needs at least a valid credential (and then meets a 405).
 */
@Configuration(proxyBeanMethods = false)
@Import(LedgerSecurity.class)
class QueryAccess {

    @Bean
    AccessRules queryAccessRules() {
        return new AccessRules() {
            @Override
            public void apply(
                    AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
                requests
                        // The live stream's async dispatches and error pages inherit the original request's check.
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers("/api/incidents/*/history", "/api/maintenances/*/history", "/api/audit", "/api/audit/**", "/api/reports",
                                "/api/reports/**").hasRole(AccessRules.role(Role.AUDITOR))
                        .requestMatchers("/api/admin", "/api/admin/**").hasRole(AccessRules.role(Role.ADMIN))
                        .requestMatchers(HttpMethod.POST, "/api/subscribers", "/subscriptions/**").permitAll()
                        .requestMatchers("/api/subscribers", "/api/subscribers/**").hasRole(AccessRules.role(Role.ADMIN))
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/info")
                        .permitAll()
                        .requestMatchers("/actuator/**").hasRole(AccessRules.role(Role.ADMIN))
                        .requestMatchers(HttpMethod.GET, "/**").permitAll()
                        .requestMatchers(HttpMethod.HEAD, "/**").permitAll()
                        .anyRequest().authenticated();
            }

            /** Public reads carry their own Cache-Control and ETags (see the caching package). */
            @Override
            public boolean securityCacheHeaders() {
                return false;
            }
        };
    }
}
