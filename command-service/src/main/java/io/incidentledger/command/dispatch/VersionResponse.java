package io.incidentledger.command.dispatch;

import org.springframework.http.ResponseEntity;

import java.net.URI;

/** What every command answers: which aggregate, and its version now (also sent as the ETag). */
public record VersionResponse(String id, long version) {

    public static ResponseEntity<VersionResponse> ok(String id, long version) {
        return ResponseEntity.ok().eTag(Long.toString(version)).body(new VersionResponse(id, version));
    }

    public static ResponseEntity<VersionResponse> created(URI location, String id, long version) {
        return ResponseEntity.created(location).eTag(Long.toString(version)).body(new VersionResponse(id, version));
    }
}
