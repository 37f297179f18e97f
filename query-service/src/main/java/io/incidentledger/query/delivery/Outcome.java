package io.incidentledger.query.delivery;

import java.time.Duration;

/**
 * What one attempt met. {@code retryAfter} is a receiver's Retry-After (429, 503), {@code gone} a 410: the
 * receiver asks to be removed.
 */
record Outcome(boolean delivered, Integer httpStatus, String error, Duration retryAfter, boolean gone) {

    static Outcome delivered(int status) {
        return new Outcome(true, status, null, null, false);
    }

    static Outcome failed(Integer status, String error) {
        return new Outcome(false, status, error, null, false);
    }
}
