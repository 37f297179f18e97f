package io.incidentledger.command.idempotency;

/**
 * What a retry is answered with: the first answer's status, the headers a client acts on, and the body.
 * Nothing else of the first answer (dates, tracing headers) is part of the promise.
 */
record RecordedResponse(int status, String contentType, String location, String etag, byte[] body) {
}
