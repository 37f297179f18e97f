package io.incidentledger.query.web;

import io.incidentledger.query.downtime.AccountingProfile;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Parses query parameters into domain values with errors a dashboard author can act on. */
public final class QueryParameters {

    private QueryParameters() {
    }

    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadQueryException(name, "'" + name + "' must be an ISO-8601 instant such as 2012-06-30T00:00:00Z");
        }
    }

    public static AccountingProfile profile(String value) {
        if (value == null || value.isBlank()) {
            return AccountingProfile.DEFAULT;
        }
        return AccountingProfile.fromWireName(value).orElseThrow(() -> new BadQueryException("profile",
                "'profile' must be one of: " + Arrays.stream(AccountingProfile.values()).map(String::valueOf)
                        .collect(Collectors.joining(", "))));
    }

    public static ZoneId zone(String value) {
        if (value == null || value.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw new BadQueryException("zone", "'zone' must be a time zone id such as UTC or Europe/Paris");
        }
    }

    public static int bounded(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new BadQueryException(name, "'" + name + "' must be between " + min + " and " + max);
        }
        return value;
    }
}
