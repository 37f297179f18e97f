package io.incidentledger.query.stream;

/**
 * One message of {@code /api/stream}: one announcement, as stored, sent to every client with the links from the
 * base that client reached the page at.
 *
 * @param id    the announcement's id: what a client sends back as {@code Last-Event-ID}, valid on every instance
 * @param event the announcement's kind: {@code incident}, {@code maintenance}, {@code component_update} or
 *              {@code maintenance_reminder}
 * @param data  the message's JSON on one line: {@code type} (the change) beside the Statuspage objects, its links
 *              from {@link io.incidentledger.query.announcement.AnnouncementLinks#BASE}
 */
record StreamMessage(long id, String event, String data) {
}
