package io.incidentledger.query.stream;

/**
 * One message of {@code /api/stream}, serialised once and sent as-is to every subscriber.
 *
 * @param id    the projection change's position: what a client sends back as {@code Last-Event-ID}
 * @param event {@code component}, {@code incident} or {@code maintenance}
 * @param data  the message's JSON, on one line
 */
record StreamMessage(long id, String event, String data) {
}
