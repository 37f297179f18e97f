package io.incidentledger.command.security;

import jakarta.servlet.DispatcherType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;

import io.incidentledger.web.security.AccessRules;
import io.incidentledger.web.security.LedgerSecurity;
import io.incidentledger.web.security.Role;

/**
 * Who may send which command: components are the admin's, incidents (and their corrections and post-mortems)
 * and maintenances (one-off or recurring) the commander's. Only health, info and the API documentation are open to anyone.
 */
@Configuration(proxyBeanMethods = false)
@Import(LedgerSecurity.class)
class CommandAccess {

    @Bean
    AccessRules commandAccessRules() {
        return requests -> requests
                .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/info",
                        "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                .requestMatchers("/actuator/**").hasRole(AccessRules.role(Role.ADMIN))
                .requestMatchers("/api/components", "/api/components/**").hasRole(AccessRules.role(Role.ADMIN))
                .requestMatchers("/api/incidents", "/api/incidents/**").hasRole(AccessRules.role(Role.COMMANDER))
                .requestMatchers("/api/maintenances", "/api/maintenances/**").hasRole(AccessRules.role(Role.COMMANDER))
                .anyRequest().authenticated();
    }
}
