package io.incidentledger.query.feed;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /history.atom}: the incident history for feed readers. */
@RestController
class HistoryFeedController {

    static final MediaType ATOM = MediaType.parseMediaType("application/atom+xml;charset=UTF-8");

    private final HistoryFeed feed;

    HistoryFeedController(HistoryFeed feed) {
        this.feed = feed;
    }

    @GetMapping("/history.atom")
    ResponseEntity<String> history() {
        return ResponseEntity.ok().contentType(ATOM).body(feed.xml());
    }
}
