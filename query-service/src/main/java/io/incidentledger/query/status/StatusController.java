package io.incidentledger.query.status;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class StatusController {

    private final CurrentStatus status;

    StatusController(CurrentStatus status) {
        this.status = status;
    }

    @GetMapping(path = "/api/status", produces = "application/json")
    CurrentStatus.StatusAnswer status() {
        return status.current();
    }
}
