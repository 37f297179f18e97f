package io.incidentledger.query.config;

import java.time.ZoneId;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The public status page's identity, as the Statuspage API's {@code page} object, the HTML page and the feed
 * show it: {@code incident-ledger.page.*}.
 *
 * @param id        a stable page id ({@code page.id}, {@code page_id})
 * @param name      the organisation or product the page is about
 * @param publicUrl the page's public base URL ({@code https://status.example.com}, no trailing slash), the one
 *                  origin of every absolute link: {@code page.url}, incident {@code shortlink}s, the feed's ids and
 *                  links. Empty: the address each request was served at (see {@link PublicUrl})
 * @param timeZone  the IANA zone times are displayed in (and daily uptime buckets cut in by default)
 * @param url       the setting {@code publicUrl} replaced ({@code incident-ledger.page.url}): still honoured when
 *                  {@code public-url} is not set, so an existing configuration keeps its links
 */
@ConfigurationProperties("incident-ledger.page")
public record PageProperties(String id, String name, String publicUrl, ZoneId timeZone,
                             @Deprecated String url) {

    public PageProperties {
        id = id != null && !id.isBlank() ? id : "incident-ledger";
        name = name != null && !name.isBlank() ? name : "Incident Ledger";
        String configured = publicUrl != null && !publicUrl.isBlank() ? publicUrl : url;
        publicUrl = configured != null && !configured.isBlank() ? configured.strip().replaceAll("/+$", "") : null;
        timeZone = timeZone != null ? timeZone : ZoneId.of("UTC");
    }

    /** The configured public base URL, if one is. */
    public Optional<String> configuredPublicUrl() {
        return Optional.ofNullable(publicUrl);
    }
}
