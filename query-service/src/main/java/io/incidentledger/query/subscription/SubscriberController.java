package io.incidentledger.query.subscription;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.incidentledger.query.web.NotFoundException;

/** POST /api/subscribers (public, rate-limited), GET and DELETE (admin). */
@RestController
class SubscriberController {

    private final SubscriptionService subscriptions;
    private final SubscriptionRate rate;

    SubscriberController(SubscriptionService subscriptions, SubscriptionRate rate) {
        this.subscriptions = subscriptions;
        this.rate = rate;
    }

    @PostMapping(path = "/api/subscribers", consumes = "application/json")
    ResponseEntity<Map<String, String>> subscribe(@Valid @RequestBody SubscriptionRequest body,
                                                  HttpServletRequest request) {
        rate.spend(request.getRemoteAddr());
        SubscriptionService.Accepted accepted = subscriptions.subscribe(body);
        Map<String, String> answer = accepted.secret() == null
                ? Map.of("status", "accepted")
                : Map.of("id", accepted.id(), "secret", accepted.secret());
        return ResponseEntity.status(HttpStatus.ACCEPTED).cacheControl(CacheControl.noStore()).body(answer);
    }

    @GetMapping("/api/subscribers")
    ResponseEntity<List<Subscriber>> list() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(subscriptions.all());
    }

    @DeleteMapping("/api/subscribers/{id}")
    ResponseEntity<Void> remove(@PathVariable String id) {
        if (!subscriptions.remove(id)) {
            throw new NotFoundException("no subscriber " + id);
        }
        return ResponseEntity.noContent().build();
    }
}
