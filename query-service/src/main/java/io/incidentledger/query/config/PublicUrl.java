package io.incidentledger.query.config;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The base every absolute link starts with ({@code page.url}, shortlinks, the feed's ids and links):
 * {@code incident-ledger.page.public-url} when set, otherwise the address the current request was served at,
 * scheme, host, port and context path. The latter is what the servlet container reports: the {@code Host} header,
 * and {@code X-Forwarded-*} / {@code Forwarded} only when {@code server.forward-headers-strategy} says to trust
 * them (nothing here reads those headers itself).
 */
@Component
public class PublicUrl {

    private final PageProperties page;

    PublicUrl(PageProperties page) {
        this.page = page;
    }

    /**
     * No trailing slash, so that {@code base() + "/incidents/" + id} is a link.
     *
     * @throws IllegalStateException outside a request when no public URL is configured: there is no address
     *                               to derive one from
     */
    public String base() {
        return page.configuredPublicUrl().orElseGet(PublicUrl::ofCurrentRequest);
    }

    private static String ofCurrentRequest() {
        if (RequestContextHolder.getRequestAttributes() == null) {
            throw new IllegalStateException("no incident-ledger.page.public-url configured and no request to take"
                    + " the address from");
        }
        return ServletUriComponentsBuilder.fromCurrentContextPath().replaceQuery(null).build().toUriString()
                .replaceAll("/+$", "");
    }
}
