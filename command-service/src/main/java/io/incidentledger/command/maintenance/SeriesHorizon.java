package io.incidentledger.command.maintenance;

import java.time.Duration;

/** How far ahead a recurring maintenance's occurrences exist as ordinary maintenances. */
public record SeriesHorizon(Duration horizon) {
}
