package io.incidentledger.query.delivery;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.incidentledger.query.delivery.DeliveryViews.Deliveries;
import io.incidentledger.query.web.NotFoundException;

/** A subscriber's messages and their attempts, for the admin (the role is required by QueryAccess). */
@RestController
class DeliveryController {

    private final DeliveryQueries queries;

    DeliveryController(DeliveryQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/subscribers/{id}/deliveries")
    Deliveries deliveries(@PathVariable String id) {
        return queries.of(id).orElseThrow(() -> new NotFoundException("No subscriber " + id));
    }
}
