package io.incidentledger.command.dispatch;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.incidentledger.command.dispatch.CommandRejectedException;

/**
 * An {@code If-Match} request header: the aggregate version (our ETag) the client last saw, or {@link #ANY}
 * when the header is absent or {@code *}. Weak tags ({@code W/"3"}) never match: they do not promise the
 * exact version.
 */
public record IfMatch(Long version) {

    public static final IfMatch ANY = new IfMatch(null);
    public static final String HEADER = "If-Match";

    private static final Pattern STRONG_TAG = Pattern.compile("\\s*\"?(\\d{1,18})\"?\\s*");

    /** Parses the header's value; a list of tags or a tag that is not a version is refused (412). */
    public static IfMatch parse(String header) {
        if (header == null || header.isBlank() || header.strip().equals("*")) {
            return ANY;
        }
        Matcher tag = STRONG_TAG.matcher(header);
        if (!tag.matches()) {
            throw CommandRejectedException.preconditionFailed("If-Match must be one version as this API's ETag "
                    + "gives it, e.g. \"3\"; '" + header.strip() + "' matches no version");
        }
        return new IfMatch(Long.parseLong(tag.group(1)));
    }
}
