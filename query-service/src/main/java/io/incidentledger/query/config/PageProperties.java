package io.incidentledger.query.config;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The public status page's identity, as the Statuspage API's {@code page} object, the HTML page and the feed
 * show it: {@code incident-ledger.page.*}.
 *
 * @param id       a stable page id ({@code page.id}, {@code page_id})
 * @param name     the organisation or product the page is about
 * @param url      the page's public base URL, used in links, the feed and {@code page.url}
 * @param timeZone the IANA zone times are displayed in (and daily uptime buckets cut in by default)
 */
@ConfigurationProperties("incident-ledger.page")
public record PageProperties(String id, String name, String url, ZoneId timeZone) {

    public PageProperties {
        id = id != null && !id.isBlank() ? id : "incident-ledger";
        name = name != null && !name.isBlank() ? name : "Incident Ledger";
        url = url != null && !url.isBlank() ? url.replaceAll("/+$", "") : "http://localhost:8081";
        timeZone = timeZone != null ? timeZone : ZoneId.of("UTC");
    }
}
