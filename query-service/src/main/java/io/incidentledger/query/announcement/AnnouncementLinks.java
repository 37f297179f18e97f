package io.incidentledger.query.announcement;

import tools.jackson.databind.json.JsonMapper;

/**
 * The links in an announcement's body. One body serves every subscriber and every stream client, each of whom
 * reached the page at a base of their own, so the announcer writes the links from a placeholder base that no
 * real address has, and each reader puts its own base in its place.
 */
public final class AnnouncementLinks {

    /** The placeholder base of every link in a stored announcement body. */
    public static final String BASE = "https://announcement-base.invalid";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AnnouncementLinks() {
    }

    /** The body with its links from {@code base} (escaped as a JSON string's content, as the body is JSON). */
    public static String rebased(String body, String base) {
        String quoted = JSON.writeValueAsString(base == null ? "" : base);
        return body.replace(BASE, quoted.substring(1, quoted.length() - 1));
    }
}
