package io.incidentledger.query.status;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class StatusController {

    private final StatusBoard board;

    StatusController(StatusBoard board) {
        this.board = board;
    }

    @GetMapping(path = "/api/status", produces = "application/json")
    StatusBoard.Status status() {
        return board.current();
    }
}
