package io.incidentledger.web.security;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The security chain both services share: stateless bearer credentials, no sessions, no cookies, no login
 * page, no default user. A bearer credential is either one of our API tokens (looked up by its hash in
 * {@link ApiTokens}) or, when {@code spring.security.oauth2.resourceserver.jwt.*} configures a decoder, a JWT
 * whose roles claim names our roles. What each path needs is the service's {@link AccessRules}. 401 and 403
 * are problem details. The authenticated name is the actor recorded in every event.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LedgerSecurityProperties.class)
public class LedgerSecurity {

    @Bean
    ApiTokens apiTokens(LedgerSecurityProperties properties) {
        return ApiTokens.from(properties.apiTokens(), properties.tokensFile());
    }

    /** Our API tokens, through Spring Security's opaque-token path: the "introspection" is a hash lookup. */
    @Bean
    OpaqueTokenIntrospector apiTokenIntrospector(ApiTokens tokens) {
        return secret -> tokens.find(secret)
                .map(token -> new DefaultOAuth2AuthenticatedPrincipal(token.name(),
                        Map.of("sub", token.name(), "kind", "api-token"), authorities(token.roles())))
                .orElseThrow(() -> new BadOpaqueTokenException("unknown API token"));
    }

    @Bean
    SecurityFilterChain ledgerSecurityChain(HttpSecurity http, AccessRules rules, OpaqueTokenIntrospector tokens,
                                            ObjectProvider<JwtDecoder> jwtDecoder,
                                            LedgerSecurityProperties properties) throws Exception {
        AuthenticationManager byToken = new ProviderManager(new OpaqueTokenAuthenticationProvider(tokens));
        JwtDecoder decoder = jwtDecoder.getIfAvailable();
        AuthenticationManager byJwt = decoder == null ? null : new ProviderManager(jwtProvider(decoder, properties.jwt()));
        BearerTokenResolver bearer = new DefaultBearerTokenResolver();
        AuthenticationManagerResolver<HttpServletRequest> managers = request -> {
            String credential = bearer.resolve(request);
            return byJwt != null && looksLikeJwt(credential) ? byJwt : byToken;
        };
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .anonymous(a -> a.principal("anonymous"))
                .oauth2ResourceServer(o -> o.authenticationManagerResolver(managers)
                        .authenticationEntryPoint(ProblemDetailsSecurityHandlers.unauthenticated())
                        .accessDeniedHandler(ProblemDetailsSecurityHandlers.forbidden()))
                .exceptionHandling(e -> e.authenticationEntryPoint(ProblemDetailsSecurityHandlers.unauthenticated())
                        .accessDeniedHandler(ProblemDetailsSecurityHandlers.forbidden()))
                .authorizeHttpRequests(rules::apply);
        if (!rules.securityCacheHeaders()) {
            http.headers(h -> h.cacheControl(c -> c.disable()));
        }
        return http.build();
    }

    private static JwtAuthenticationProvider jwtProvider(JwtDecoder decoder, LedgerSecurityProperties.Jwt claims) {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setPrincipalClaimName(claims.principalClaim());
        converter.setJwtGrantedAuthoritiesConverter(jwt -> List.copyOf(authorities(rolesOf(jwt, claims.rolesClaim()))));
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(converter);
        return provider;
    }

    /** Roles from a claim that is a list or a space- or comma-separated string; unknown names grant nothing. */
    static Set<Role> rolesOf(Jwt jwt, String claim) {
        Object value = jwt.getClaims().get(claim);
        Stream<String> names = value instanceof Collection<?> list ? list.stream().map(String::valueOf)
                : value instanceof String text ? Stream.of(text.split("[\\s,]+")) : Stream.empty();
        return names.filter(name -> !name.isBlank()).flatMap(name -> {
            try {
                return Stream.of(Role.parse(name));
            } catch (IllegalArgumentException unknown) {
                return Stream.empty();
            }
        }).collect(Collectors.toUnmodifiableSet());
    }

    static Set<GrantedAuthority> authorities(Set<Role> roles) {
        return roles.stream().map(role -> (GrantedAuthority) new SimpleGrantedAuthority(role.authority()))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** A compact JWS: three base64url parts. Our API tokens have no dots. */
    static boolean looksLikeJwt(String credential) {
        return credential != null && credential.chars().filter(c -> c == '.').count() == 2;
    }
}
