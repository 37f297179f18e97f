package io.incidentledger.query.stream;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.incidentledger.query.config.PublicUrl;

@RestController
class StreamController {

    private final LiveStream stream;
    private final PublicUrl publicUrl;

    StreamController(LiveStream stream, PublicUrl publicUrl) {
        this.stream = stream;
        this.publicUrl = publicUrl;
    }

    /**
     * Server-Sent Events. EventSource resends the last id it saw as the {@code Last-Event-ID} header when it
     * reconnects; {@code lastEventId} serves clients that cannot set headers (a fresh page load).
     */
    @GetMapping(path = "/api/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> stream(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
                                      @RequestParam(name = "lastEventId", required = false) String lastEventIdParam) {
        String lastEventId = lastEventIdHeader != null ? lastEventIdHeader : lastEventIdParam;
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                // nginx and similar proxies otherwise buffer the response and the dashboard sees nothing live.
                .header("X-Accel-Buffering", "no")
                .body(stream.subscribe(lastEventId, publicUrl.base()));
    }
}
