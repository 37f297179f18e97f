package io.incidentledger.query.changes;

/**
 * One poll of {@link ProjectionChanges} announced at least one change: published once, after the individual
 * {@link ProjectionChanged} events of that poll; also by the first poll after start (with no change), and again by
 * the next poll when a listener failed. Whatever is rebuilt from the read models as a whole (the front page, the
 * Statuspage documents, the last known status) listens to this rather than to each change, so a burst of events
 * (loading a history, a rebuild) costs one rebuild per poll, not one per event.
 *
 * @param latestPosition the highest position announced so far
 * @param changes        how many changes this poll announced (0 after start or a listener's failure)
 */
public record ProjectionsAdvanced(long latestPosition, int changes) {
}
