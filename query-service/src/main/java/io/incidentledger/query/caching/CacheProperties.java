package io.incidentledger.query.caching;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.CacheControl;

/**
 * How long proxies and browsers may reuse a public answer ({@code incident-ledger.cache.*}). Short freshness
 * keeps the page current; the stale allowances let a CDN in front keep serving while we revalidate, and keep
 * serving the last good answer if we are down: a status page must not disappear with what it reports on.
 */
@ConfigurationProperties("incident-ledger.cache")
public record CacheProperties(Duration maxAge, Duration staleWhileRevalidate, Duration staleIfError) {

    public CacheProperties {
        maxAge = maxAge != null ? maxAge : Duration.ofSeconds(5);
        staleWhileRevalidate = staleWhileRevalidate != null ? staleWhileRevalidate : Duration.ofSeconds(30);
        staleIfError = staleIfError != null ? staleIfError : Duration.ofDays(1);
    }

    public CacheControl cacheControl() {
        return CacheControl.maxAge(maxAge).cachePublic().staleWhileRevalidate(staleWhileRevalidate)
                .staleIfError(staleIfError);
    }
}
