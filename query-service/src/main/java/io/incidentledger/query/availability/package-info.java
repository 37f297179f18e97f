/**
 * How available each component was: downtime seconds per level and uptime percentages over a window, daily uptime
 * buckets ({@code GET /api/downtime}, {@code GET /api/components/{id}/uptime}), and {@link
 * io.incidentledger.query.availability.Timelines}, which loads every component's effective timeline from the
 * incident read model for the status board, the page and the reports as well.
 *
 * <p>This is the read-model and HTTP side of availability; the arithmetic itself is in {@code
 * io.incidentledger.query.downtime}, which is pure (no Spring, no clock, no I/O) and knows nothing of this package.
 */
package io.incidentledger.query.availability;
